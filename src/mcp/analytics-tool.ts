import type { McpServer } from "@modelcontextprotocol/server";
import type { Context } from "hono";
import { analyticsForCaller } from "../analytics/for-caller";
import type { AppEnv } from "../env";
import { AnalyticsSchema } from "../schemas/analytics";
import { AnalyticsInputSchema } from "../schemas/mcp";
import { runTool, toolResult } from "./tool-result";

/** get_analytics: the API's GET /pages/{slug}/analytics, same query, same counting (docs/mcp.md#tools). */
export function registerAnalyticsTool(server: McpServer, c: Context<AppEnv>): void {
  server.registerTool(
    "get_analytics",
    {
      title: "Get page analytics",
      description:
        "Page views, clicks and click-through rate of one of my pages over a time range (default: the last 30 days, by day): totals, per link and over time; Pro pages also by country and referrer domain. Only which link and when is recorded, never who.",
      inputSchema: AnalyticsInputSchema,
      outputSchema: AnalyticsSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ slug, ...query }) => runTool("get_analytics", async () => toolResult(await analyticsForCaller(c, slug, { ...query, format: "json" }))),
  );
}
