import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { readCookies, sessionCookieName } from "../auth/cookies";
import { draftCookieName } from "../auth/draft-cookie";
import type { AppEnv } from "../env";
import { problemResponse } from "../lib/problem";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF: a state-changing request that carries our session (or draft) cookie must not come from another site.
 * Browsers say where a request comes from: `Origin` on every cross-origin POST/PUT/PATCH/DELETE
 * (and on WebSocket handshakes), `Sec-Fetch-Site` on every request in current browsers. So a request
 * whose Sec-Fetch-Site is not same-origin — or, from a browser that does not send it, whose Origin is
 * not ours, `Origin: null` included — is refused, whatever its content type (text/plain and form
 * posts are the classic bypasses).
 * A request with neither header did not come from a browser page, so no victim's browser can have
 * been tricked into sending it: it is allowed (API clients with a cookie jar). Requests with an
 * `Authorization` header are not cookie-driven, and requests without our cookie have nothing to forge.
 * A WebSocket upgrade is a GET that browsers send cross-site with cookies (cross-site WebSocket
 * hijacking), so it is checked like a write.
 */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  const upgrade = c.req.header("upgrade")?.toLowerCase() === "websocket";
  if ((SAFE.has(c.req.method) && !upgrade) || c.req.header("authorization") !== undefined) return next();
  const cookies = c.req.header("cookie");
  if (readCookies(cookies, sessionCookieName(c.req.url)).length === 0 && readCookies(cookies, draftCookieName(c.req.url)).length === 0) return next();
  if (fromAnotherSite(c)) return crossSiteRefused();
  return next();
});

/**
 * Did a browser send this from a page of another site? Sec-Fetch-Site, when sent, decides: page
 * script cannot set it, and it stays "same-origin" where Origin becomes "null" — a form on our own
 * page with Referrer-Policy: no-referrer (the sign-in confirmation) sends `Origin: null`. Without it
 * (older browsers), Origin decides. Neither header: not a browser page.
 */
export function fromAnotherSite(c: Context<AppEnv>): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined) return site !== "same-origin" && site !== "none";
  const origin = c.req.header("origin");
  return origin !== undefined && origin !== new URL(c.req.url).origin && origin !== new URL(c.env.APP_URL).origin;
}

const crossSiteRefused = () => problemResponse("forbidden", "Cross-site request refused: this action must come from a MeLinks page.");
