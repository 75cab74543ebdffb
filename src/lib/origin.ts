import type { Context } from "hono";
import type { AppEnv } from "../env";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Headers a reverse proxy, tunnel or CDN adds when it forwards a request (RFC 7239, the de-facto
 * X-Forwarded-* family, nginx's X-Real-IP, Via, CDN-Loop …). A client can add them but can't remove
 * ones its proxy appends, so their absence is a signal a proxied request can't fake. CF-Connecting-IP
 * is not one: `wrangler dev` sets it on every request, and keeps a value the client sent.
 */
const FORWARDING_HEADERS = [
  "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-server",
  "x-real-ip", "x-client-ip", "true-client-ip", "x-original-host", "x-original-url", "via", "cdn-loop",
];

/**
 * Is this a developer's own machine talking to `wrangler dev` directly? ENVIRONMENT=development, a
 * loopback Host, and no sign of a proxy in between: a reverse proxy that forwards `Host: localhost`
 * does not open dev-only doors (docs/self-hosting.md#dev-only-routes).
 */
export function isLocalDevRequest(c: Context<AppEnv>): boolean {
  if (c.env.ENVIRONMENT !== "development") return false;
  if (!LOOPBACK.has(new URL(c.req.url).hostname)) return false;
  return FORWARDING_HEADERS.every((h) => c.req.header(h) === undefined);
}

/**
 * The origin of every absolute address of ours we hand out: links we mail (sign-in), a page's
 * `avatar.url`, `og:url` and `og:image`, the API document's server (docs/self-hosting.md#public-origin).
 * Production trusts only APP_URL — never the request's Host, which a client controls. A direct local
 * request (isLocalDevRequest) follows its own origin so `npm start -- --port 9000` works; anything else
 * gets APP_URL.
 */
export function publicOrigin(c: Context<AppEnv>): string {
  return isLocalDevRequest(c) ? new URL(c.req.url).origin : new URL(c.env.APP_URL).origin;
}

/**
 * A page as its Durable Object answers it (its `avatar.url` built on APP_URL: a DO serves every
 * caller) with our addresses on publicOrigin(c). In production the two are the same: `page` as is.
 */
export function pageForCaller<P extends { avatar: { url: string } | null }>(c: Context<AppEnv>, page: P): P {
  const from = new URL(c.env.APP_URL).origin;
  const to = publicOrigin(c);
  if (to === from || !page.avatar?.url.startsWith(`${from}/`)) return page;
  return { ...page, avatar: { ...page.avatar, url: to + page.avatar.url.slice(from.length) } };
}
