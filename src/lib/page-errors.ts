import type { Context } from "hono";
import { BusyPage, TooManyRequestsPage } from "../views/limit-pages";
import { AppError } from "./errors";
import { siteCsp } from "./html";
import { handleError } from "./problem";

/**
 * Paths whose clients read problem+json: the JSON API, the same API under /dashboard/api/ for the
 * dashboard's scripts (docs/onboarding.md), and the MCP endpoint. Every other door is a browser reading pages.
 */
export const isApiPath = (path: string) =>
  path === "/api" || path.startsWith("/api/") || path.startsWith("/dashboard/api/") || path === "/mcp" || path.startsWith("/mcp/");

/**
 * app.onError: the API answers problem+json (lib/problem.ts); an HTML form over a rate limit gets a
 * page in words with the same 429 and Retry-After (docs/limits.md), whichever form it was; a click
 * refused at capacity gets a page with the same 503 and Retry-After.
 */
export async function handleAppError(err: Error, c: Context): Promise<Response> {
  if (err instanceof AppError && err.code === "rate_limited" && !isApiPath(c.req.path)) {
    const retryAfterS = Number(err.headers?.["retry-after"] ?? 60);
    const html = "<!doctype html>" + (await TooManyRequestsPage({ detail: err.message, retryAfterS }).toString());
    return c.html(html, 429, { "retry-after": String(retryAfterS), "content-security-policy": await siteCsp(), "cache-control": "no-store" });
  }
  if (err instanceof AppError && err.code === "unavailable" && err.headers?.["retry-after"] && !isApiPath(c.req.path)) {
    const retryAfterS = Number(err.headers["retry-after"]);
    const html = "<!doctype html>" + (await BusyPage({ detail: err.message, retryAfterS }).toString());
    return c.html(html, 503, { "retry-after": String(retryAfterS), "content-security-policy": await siteCsp(), "cache-control": "no-store" });
  }
  return handleError(err, c);
}
