import { createMcpHandler } from "@modelcontextprotocol/server";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { MAX_BODY_BYTES } from "../lib/policy";
import { mcpServerFor } from "../mcp/server";
import { apiKeyOnly } from "../middleware/api-key-only";

/**
 * POST /mcp: the Model Context Protocol server (docs/mcp.md). The SDK's fetch-style handler serves the
 * 2026-07-28 protocol and, for clients of the 2025 revisions, stateless Streamable HTTP; each request
 * gets a fresh server bound to its caller. GET and DELETE (2025 session operations) answer 405: there
 * are no sessions to resume or end.
 */
export const mcpRoutes = new Hono<AppEnv>();

mcpRoutes.use("*", apiKeyOnly);
mcpRoutes.all("/", async (c) => {
  const handler = createMcpHandler(() => mcpServerFor(c), {
    legacy: "stateless",
    maxRequestBodySize: MAX_BODY_BYTES, // the API's limit; the global body limit (app.ts) counts it first
    onerror: (err) => console.error("MCP request failed:", err),
  });
  const res = await handler.fetch(c.req.raw);
  // Answers carry account data: never cached (docs/caching.md). An event stream (the SDK's "no-cache")
  // also keeps "no-transform", so proxies pass its events on unbuffered.
  const headers = new Headers(res.headers);
  headers.set("cache-control", headers.get("content-type")?.startsWith("text/event-stream") ? "no-store, no-transform" : "no-store");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
});
