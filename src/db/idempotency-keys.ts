// D1 access for Idempotency-Key records (migrations/0013_idempotency_keys.sql, docs/storage.md#idempotency_keys-0013).

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type KeyRecord =
  | { state: "in_progress"; requestHash: string }
  | { state: "done"; requestHash: string; answer: StoredAnswer };

interface Row {
  request_hash: string;
  state: "in_progress" | "done";
  status: number | null;
  headers: string | null;
  body: string | null;
}

/**
 * Take the key for this request: true when this request may act. One statement, so two isolates racing
 * cannot both win: a fresh key is inserted; an expired one, or one whose request died in progress
 * (started before `staleBefore`), is taken over; any other existing row leaves `changes` at 0.
 */
export async function claimKey(
  db: D1Database,
  key: { id: string; ownerId: string | null; requestHash: string },
  now: number,
  expiresAt: number,
  staleBefore: number,
): Promise<boolean> {
  const res = await db
    .prepare(
      `INSERT INTO idempotency_keys (id, owner_id, request_hash, state, started_at, expires_at)
       VALUES (?1, ?6, ?2, 'in_progress', ?3, ?4)
       ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, request_hash = excluded.request_hash, state = 'in_progress', status = NULL,
         headers = NULL, body = NULL, started_at = excluded.started_at, expires_at = excluded.expires_at
       WHERE idempotency_keys.expires_at <= ?3 OR (idempotency_keys.state = 'in_progress' AND idempotency_keys.started_at < ?5)`,
    )
    .bind(key.id, key.requestHash, now, expiresAt, staleBefore, key.ownerId)
    .run();
  return res.meta.changes === 1;
}

/** The live record for a key, or null (none, or expired). */
export async function readKey(db: D1Database, id: string, now: number): Promise<KeyRecord | null> {
  const row = await db
    .prepare("SELECT request_hash, state, status, headers, body FROM idempotency_keys WHERE id = ? AND expires_at > ?")
    .bind(id, now)
    .first<Row>();
  if (!row) return null;
  if (row.state === "in_progress") return { state: "in_progress", requestHash: row.request_hash };
  return {
    state: "done",
    requestHash: row.request_hash,
    answer: { status: row.status!, headers: JSON.parse(row.headers ?? "{}") as Record<string, string>, body: row.body ?? "" },
  };
}

export async function storeAnswer(db: D1Database, id: string, answer: StoredAnswer): Promise<void> {
  await db
    .prepare("UPDATE idempotency_keys SET state = 'done', status = ?2, headers = ?3, body = ?4 WHERE id = ?1")
    .bind(id, answer.status, JSON.stringify(answer.headers), answer.body)
    .run();
}

/** A request that changed nothing (it failed) lets go of its key: the same key may be sent again. */
export async function releaseKey(db: D1Database, id: string): Promise<void> {
  await db.prepare("DELETE FROM idempotency_keys WHERE id = ? AND state = 'in_progress'").bind(id).run();
}

/** The daily clean-up (src/index.ts): keys past their 24 h. */
export async function deleteExpiredKeys(db: D1Database, now: number): Promise<number> {
  const res = await db.prepare("DELETE FROM idempotency_keys WHERE expires_at <= ?").bind(now).run();
  return res.meta.changes;
}
