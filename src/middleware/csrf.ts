import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { readCookies, sessionCookieName } from "../auth/sessions";
import { draftCookieName } from "../auth/draft-cookie";
import type { AppEnv } from "../env";
import { sendPage } from "../lib/html";
import { isApiPath } from "../lib/page-errors";
import { problemResponse } from "../lib/problem";
import { CrossSiteRefusedPage } from "../views/limit-pages";

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
  if (fromAnotherSite(c)) return crossSiteRefused(c);
  return next();
});

/**
 * For a form post that needs no cookie but still changes state for the browser that sends it —
 * starting a page or "continue editing" (each sets the draft cookie, replacing the creator's own) and
 * the sign-in form (mails a link, counted against this client's limit): another site must not be able
 * to send it from a visitor's browser (docs/onboarding.md#cross-site-forms). The same test as `csrf`.
 */
export const sameOriginForm = createMiddleware<AppEnv>(async (c, next) => (fromAnotherSite(c) ? crossSiteRefused(c) : next()));

/**
 * Did a browser send this from a page of another site? Sec-Fetch-Site, when sent, decides: page
 * script cannot set it, and it stays "same-origin" where Origin becomes "null" — a form on our own
 * page with Referrer-Policy: no-referrer (the sign-in confirmation) sends `Origin: null`. Without it
 * (older browsers), Origin decides; without that too (browsers that sent no Origin on a form POST),
 * the Referer's origin. None of the three: not a browser page.
 */
export function fromAnotherSite(c: Context<AppEnv>): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined) return site !== "same-origin" && site !== "none";
  const origin = c.req.header("origin") ?? refererOrigin(c.req.header("referer"));
  return origin !== undefined && origin !== new URL(c.req.url).origin && origin !== new URL(c.env.APP_URL).origin;
}

/** The origin of a Referer header; "null" (never ours) when it is not a URL. */
function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  return URL.canParse(referer) ? new URL(referer).origin : "null";
}

/** The API's clients read problem+json; a browser's form post gets a page in words (lib/page-errors.ts). */
async function crossSiteRefused(c: Context<AppEnv>): Promise<Response> {
  if (isApiPath(c.req.path)) return problemResponse("forbidden", "Cross-site request refused: this action must come from a MeLinks page.");
  const res = await sendPage(c, CrossSiteRefusedPage(), 403);
  res.headers.set("cache-control", "no-store");
  return res;
}
