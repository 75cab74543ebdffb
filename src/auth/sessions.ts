// Sessions in KV (docs/contract.md#privacy-promises, docs/storage.md): the cookie holds a 32-byte random id; KV holds only its SHA-256,
// under `session:<hash>`, expiring with the session. Revocation also checks users.sessions_valid_after
// in D1, because a KV delete can take a while to reach every location.
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
