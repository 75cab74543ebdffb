// Sessions in KV (docs/contract.md#privacy-promises, docs/storage.md), and the cookie that carries
// them: the cookie holds a 32-byte random id; KV holds only its SHA-256, under `session:<hash>`,
// expiring with the session. Revocation also checks users.sessions_valid_after in D1, because a KV
// delete can take a while to reach every location.
import { generateCookie } from "hono/cookie";
import { z } from "zod";
import { randomBase64url, sha256Hex } from "../lib/crypto";
import { SESSION_TTL_DAYS } from "../lib/policy";

const SessionValue = z.object({ userId: z.string(), createdAt: z.number(), expiresAt: z.number() });
export type SessionValue = z.infer<typeof SessionValue>;

const key = async (id: string) => `session:${await sha256Hex(id)}`;

export async function createSession(kv: KVNamespace, userId: string, now = Date.now()): Promise<string> {
  const id = randomBase64url(32);
  const ttl = SESSION_TTL_DAYS * 86_400;
  const value: SessionValue = { userId, createdAt: now, expiresAt: now + ttl * 1000 };
  await kv.put(await key(id), JSON.stringify(value), { expirationTtl: ttl });
  return id;
}

/** The session for a cookie value, or null. A value KV hands back that doesn't parse is refused, not trusted. */
export async function readSession(kv: KVNamespace, id: string, now = Date.now()): Promise<SessionValue | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const raw = await kv.get(await key(id), "json");
  const parsed = SessionValue.safeParse(raw);
  if (!parsed.success || parsed.data.expiresAt <= now) return null;
  return parsed.data;
}

export async function deleteSession(kv: KVNamespace, id: string): Promise<void> {
  await kv.delete(await key(id));
}

// The cookie.

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
