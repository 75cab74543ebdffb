import { SESSION_TTL_DAYS } from "../lib/policy";

/**
 * The session cookie (docs/contract.md#privacy-promises): HttpOnly; Secure; SameSite=Lax; Path=/. Over https it takes the
 * __Host- prefix (no Domain, Secure, Path=/ enforced by browsers); plain-http development on
 * localhost can't carry that prefix everywhere, so it gets a plain name with the same attributes.
 */
export function sessionCookieName(url: string): string {
  return new URL(url).protocol === "https:" ? "__Host-melinks_session" : "melinks_session";
}

export function sessionCookie(url: string, value: string): string {
  return `${sessionCookieName(url)}=${value}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=${SESSION_TTL_DAYS * 86_400}`;
}

export function clearedSessionCookie(url: string): string {
  return `${sessionCookieName(url)}=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0`;
}

/** All values of one cookie name (two cookies with one name are possible, and suspicious). */
export function readCookies(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p.startsWith(name + "="))
    .map((p) => p.slice(name.length + 1));
}
