import { CLOSED_CSP } from "../lib/csp";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/**
 * Headers every response carries. HTML routes set their own CSP; everything else gets the strictest.
 *
 * Caching: `no-store` unless the route chose its own Cache-Control. Tokens, keys, secrets and account
 * data (201s, errors and dashboard pages included) are then never kept by a browser or a shared cache,
 * and a new route is private until it says otherwise; only public routes opt in (docs/caching.md).
 * A response that sets a cookie is never cacheable, whatever the route said.
 *
 * Not hono's secure-headers middleware: it can't skip a 101 (whose headers are immutable), send HSTS
 * only over https, or keep a route's own Referrer-Policy and X-Frame-Options while overwriting the
 * rest; our CSP is a string from lib/csp.ts, not its directive object. Expressing this took three
 * instances of it, run by hand after the handler — more to read than these lines.
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status === 101) return; // a WebSocket handshake from the DO: immutable headers, no document
  const h = c.res.headers;
  if (!h.has("cache-control") || h.has("set-cookie")) h.set("cache-control", "no-store");
  h.set("x-content-type-options", "nosniff");
  if (!h.has("referrer-policy")) h.set("referrer-policy", "strict-origin-when-cross-origin");
  if (!h.has("x-frame-options")) h.set("x-frame-options", "DENY"); // the editor preview allows SAMEORIGIN
  h.set("cross-origin-opener-policy", "same-origin");
  h.set("permissions-policy", "interest-cohort=(), browsing-topics=(), camera=(), microphone=(), geolocation=()");
  if (!h.has("content-security-policy")) h.set("content-security-policy", CLOSED_CSP);
  if (new URL(c.req.url).protocol === "https:") h.set("strict-transport-security", "max-age=63072000; includeSubDomains");
});
