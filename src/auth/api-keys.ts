// API keys (docs/contract.md#accounts-sign-in-and-the-api): "mlk_" + a 16-character id + a 43-character secret. D1 keeps the id (for
// lookup) and the SHA-256 of the whole key, compared in constant time; the key is shown once.
import { randomBase64url, sha256Hex, timingSafeEqualStr } from "../lib/crypto";

export const API_KEY_PREFIX = "mlk_";
const ID_LEN = 16;

export interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export async function createApiKey(db: D1Database, userId: string, name: string): Promise<{ row: ApiKeyRow; key: string }> {
  const id = randomBase64url(12); // 16 characters
  const key = API_KEY_PREFIX + id + randomBase64url(32);
  const row: ApiKeyRow = { id, user_id: userId, name, created_at: new Date().toISOString(), last_used_at: null };
  await db
    .prepare("INSERT INTO api_keys (id, user_id, name, key_hash, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(id, userId, name, await sha256Hex(key), row.created_at)
    .run();
  return { row, key };
}

/** The key's row if the key is genuine; null otherwise (wrong prefix, unknown id, wrong secret, revoked). */
export async function verifyApiKey(db: D1Database, key: string): Promise<ApiKeyRow | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length !== API_KEY_PREFIX.length + ID_LEN + 43) return null;
  const id = key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + ID_LEN);
  const row = await db
    .prepare("SELECT id, user_id, name, created_at, last_used_at, key_hash FROM api_keys WHERE id = ?")
    .bind(id)
    .first<ApiKeyRow & { key_hash: string }>();
  if (!row || !timingSafeEqualStr(await sha256Hex(key), row.key_hash)) return null;
  const { key_hash: _, ...rest } = row;
  return rest;
}

export function touchApiKey(db: D1Database, id: string): Promise<unknown> {
  return db.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").bind(new Date().toISOString(), id).run();
}

export async function listApiKeys(db: D1Database, userId: string): Promise<ApiKeyRow[]> {
  const r = await db
    .prepare("SELECT id, user_id, name, created_at, last_used_at FROM api_keys WHERE user_id = ? ORDER BY created_at")
    .bind(userId)
    .all<ApiKeyRow>();
  return r.results;
}

export async function deleteApiKey(db: D1Database, userId: string, id: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM api_keys WHERE id = ? AND user_id = ?").bind(id, userId).run();
  return r.meta.changes === 1;
}
