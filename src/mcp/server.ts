import { McpServer } from "@modelcontextprotocol/server";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { registerAnalyticsTool } from "./analytics-tool";
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
  registerPageTools(server, c);
  registerAnalyticsTool(server, c);
  return server;
}
