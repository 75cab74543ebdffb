import { generateCookie } from "hono/cookie";
import { SESSION_TTL_DAYS } from "../lib/policy";

/**
 * The session cookie (docs/contract.md#privacy-promises): HttpOnly; Secure; SameSite=Lax; Path=/. Over https it takes the
 * __Host- prefix (no Domain, Secure, Path=/ enforced by browsers); plain-http development on
 * localhost can't carry that prefix everywhere, so it gets a plain name with the same attributes.
 */
export function sessionCookieName(url: string): string {
  return new URL(url).protocol === "https:" ? "__Host-melinks_session" : "melinks_session";
}

const isHttps = (url: string) => new URL(url).protocol === "https:";

/** The Set-Cookie value, by hono's cookie helper (it refuses a __Host- cookie that is not Secure with Path=/). */
function session(url: string, value: string, maxAge: number): string {
  const opts = { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge } as const;
  return isHttps(url) ? generateCookie("melinks_session", value, { ...opts, prefix: "host" }) : generateCookie("melinks_session", value, opts);
}

export const sessionCookie = (url: string, value: string): string => session(url, value, SESSION_TTL_DAYS * 86_400);
export const clearedSessionCookie = (url: string): string => session(url, "", 0);

/**
 * All values of one cookie name (two cookies with one name are possible, and suspicious: callers
 * refuse them). Not hono's getCookie, which keeps only the first value of a name.
 */
export function readCookies(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p.startsWith(name + "="))
    .map((p) => p.slice(name.length + 1));
}
