import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { getActor, unauthorized } from "./auth";

/**
 * Doors for programs only (the MCP endpoint): an `mlk_` API key in `Authorization: Bearer`, nothing
 * else. A browser's session cookie is never accepted, so no other site can make a signed-in browser
 * call it; a claim token manages one page through the API. A request from a web page of another
 * origin is refused outright (the MCP spec's guard against DNS rebinding). docs/mcp.md#authorisation
 */
export const apiKeyOnly = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  if (origin !== undefined && origin !== new URL(c.req.url).origin && origin !== new URL(c.env.APP_URL).origin) {
    throw new AppError("forbidden", "Requests from web pages of other sites are refused here.");
  }
  if (c.req.header("authorization") === undefined) {
    throw unauthorized("Send an API key as `Authorization: Bearer mlk_…` (create one in the dashboard or with POST /api/v1/api-keys). Browser sessions are not accepted here.");
  }
  const actor = await getActor(c);
  if (actor.kind === "user" && actor.via === "apiKey") {
    c.set("user", actor.user);
    return next();
  }
  if (actor.kind === "claim") throw unauthorized("A claim token manages its one page through the API; this endpoint needs an API key (`mlk_…`).");
  throw unauthorized(actor.kind === "invalid" ? actor.reason : undefined);
});
