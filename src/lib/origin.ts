import type { Context } from "hono";
import type { AppEnv } from "../env";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The origin we put in links we send (sign-in mail). Production trusts only APP_URL — never the
 * request's Host, which a client controls. Development follows a loopback request origin so
 * `npm start -- --port 9000` works, and still ignores any other Host.
 */
export function publicOrigin(c: Context<AppEnv>): string {
  const req = new URL(c.req.url);
  if (c.env.ENVIRONMENT === "development" && LOOPBACK.has(req.hostname)) return req.origin;
  return new URL(c.env.APP_URL).origin;
}
