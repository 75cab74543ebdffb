import { McpServer } from "@modelcontextprotocol/server";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { registerAnalyticsTool } from "./analytics-tool";
import { apiWorded } from "./input-schema";
import { registerPageTools } from "./page-tools";

const INSTRUCTIONS =
  "MeLinks hosts link-in-bio pages: each page has an address (slug), a display name, a bio, a theme and a list of links. " +
  "Use list_pages to see the account's pages, get_page before update_page (pass its etag as ifMatch), and get_analytics for clicks.";

/**
 * One MCP server per request, bound to that request's caller (the route checked the API key first):
 * stateless, as a Worker must be (docs/mcp.md#how-it-is-served).
 */
export function mcpServerFor(c: Context<AppEnv>): McpServer {
  const server = new McpServer({ name: "melinks", title: "MeLinks", version: "1.0.0" }, { instructions: INSTRUCTIONS });
  // Every tool's input is refused in the API's words (input-schema.ts), however the tool registers.
  const register = server.registerTool.bind(server);
  server.registerTool = ((name: string, config: { inputSchema?: Parameters<typeof apiWorded>[0] }, cb: unknown) =>
    register(name, { ...config, inputSchema: config.inputSchema && apiWorded(config.inputSchema) } as never, cb as never)) as typeof server.registerTool;
  registerPageTools(server, c);
  registerAnalyticsTool(server, c);
  return server;
}
