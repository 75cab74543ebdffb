import { Client, StreamableHTTPClientTransport, type CallToolResult } from "@modelcontextprotocol/client";
import { exports } from "cloudflare:workers";

/**
 * The MCP SDK's own client, connected to POST /mcp of the Worker under test: its transport's fetch
 * goes through the real Worker entry. `mode: "legacy"` opens with the 2025 `initialize` handshake,
 * `"auto"` negotiates the 2026-07-28 revision (server/discover).
 */
export async function mcpClient(key: string, mode: "legacy" | "auto" = "legacy"): Promise<Client> {
  const client = new Client({ name: "melinks-test", version: "1.0.0" }, { versionNegotiation: { mode } });
  await client.connect(mcpTransport(key));
  return client;
}

export function mcpTransport(key: string): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
  });
}

/** Call a tool; returns the result whether or not it is an error result. */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The text of a result's first content block. */
export const textOf = (r: CallToolResult): string => (r.content[0]?.type === "text" ? r.content[0].text : "");

/** A JSON-RPC POST to /mcp by hand, for what the SDK's client never sends (no or bad credentials, huge bodies). */
export function postMcp(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(
    new Request("http://localhost/mcp", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body,
    }),
  );
}

export const initializeBody = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "curl", version: "1" } },
});
