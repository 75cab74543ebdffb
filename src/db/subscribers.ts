// D1 access for email signups (migrations/0004_subscribers.sql, 0010: double opt-in). Only *listed*
// rows (pending_until IS NULL) are ever read back for the owner: pending ones wait for their
// confirmation (db/subscriber-confirmations.ts) and are never listed, counted, exported or announced.

export interface SubscriberRow {
  email: string;
  created_at: string;
  confirmed_at: string | null;
}

const LISTED = "pending_until IS NULL";

/**
 * Confirmation off: list the address at once (a pending one too — its signup is now taken as given).
 * One statement whatever the address's state, so the reply takes as long either way. Returns the
 * signup time when this call listed it (to announce), null when it was listed already.
 */
export async function addSubscriber(db: D1Database, pageId: string, email: string, now: string): Promise<string | null> {
  const r = await db
    .prepare(
      `INSERT INTO subscribers (page_id, email, created_at, announced_at) VALUES (?1, ?2, ?3, NULL)
       ON CONFLICT (page_id, email) DO UPDATE SET pending_until = NULL, created_at = excluded.created_at, announced_at = NULL
       WHERE subscribers.pending_until IS NOT NULL
       RETURNING created_at`,
    )
    .bind(pageId, email, now)
    .first<{ created_at: string }>();
  return r?.created_at ?? null;
}

/** A signup whose subscriber.created event has not been queued yet (migrations/0008). */
export interface Unannounced {
  page_id: string;
  slug: string;
  email: string;
  created_at: string;
}

/** The row for (page, email) if it is still unannounced. */
export function findUnannounced(db: D1Database, pageId: string, email: string): Promise<Unannounced | null> {
  return db
    .prepare("SELECT s.page_id, p.slug, s.email, s.created_at FROM subscribers s JOIN pages p ON p.id = s.page_id WHERE s.page_id = ? AND s.email = ? AND s.announced_at IS NULL AND s.pending_until IS NULL")
    .bind(pageId, email)
    .first<Unannounced>();
}

/** Unannounced signups listed before `before` (signed up, or confirmed), oldest first (the sweep). */
export async function listUnannounced(db: D1Database, before: string, limit: number): Promise<Unannounced[]> {
  const r = await db
    .prepare(
      `SELECT s.page_id, p.slug, s.email, s.created_at FROM subscribers s JOIN pages p ON p.id = s.page_id
       WHERE s.announced_at IS NULL AND s.pending_until IS NULL AND COALESCE(s.confirmed_at, s.created_at) < ?
       ORDER BY s.created_at LIMIT ?`,
    )
    .bind(before, limit)
    .all<Unannounced>();
  return r.results;
}

/** Mark signups unannounced since before `before` as given up (announced_at = "gave up <now>"); returns how many. */
export async function giveUpOnUnannounced(db: D1Database, before: string, now: string): Promise<number> {
  const r = await db.prepare("UPDATE subscribers SET announced_at = ? WHERE announced_at IS NULL AND pending_until IS NULL AND COALESCE(confirmed_at, created_at) < ?").bind(`gave up ${now}`, before).run();
  return r.meta.changes ?? 0;
}

export async function markAnnounced(db: D1Database, pageId: string, email: string, now: string): Promise<void> {
  await db.prepare("UPDATE subscribers SET announced_at = ? WHERE page_id = ? AND email = ? AND announced_at IS NULL").bind(now, pageId, email).run();
}

/** One page of subscribers in (created_at, email) order, after the cursor position. */
export async function listSubscribers(db: D1Database, pageId: string, limit: number, after?: { createdAt: string; email: string }): Promise<SubscriberRow[]> {
  const stmt = after
    ? db
        .prepare(`SELECT email, created_at, confirmed_at FROM subscribers WHERE page_id = ? AND ${LISTED} AND (created_at, email) > (?, ?) ORDER BY created_at, email LIMIT ?`)
        .bind(pageId, after.createdAt, after.email, limit)
    : db.prepare(`SELECT email, created_at, confirmed_at FROM subscribers WHERE page_id = ? AND ${LISTED} ORDER BY created_at, email LIMIT ?`).bind(pageId, limit);
  return (await stmt.all<SubscriberRow>()).results;
}

/**
 * The dashboard's view: newest first, `limit` rows older than `before`, or — paging back towards the
 * newest — the `limit` rows just newer than `after` (still returned newest first). Keyset paging on
 * the (page_id, created_at, email) index in both directions.
 */
export async function listSubscribersNewestFirst(
  db: D1Database,
  pageId: string,
  limit: number,
  at: { before?: { createdAt: string; email: string }; after?: { createdAt: string; email: string } } = {},
): Promise<SubscriberRow[]> {
  if (at.after) return (await listSubscribers(db, pageId, limit, at.after)).reverse();
  const stmt = at.before
    ? db
        .prepare(`SELECT email, created_at, confirmed_at FROM subscribers WHERE page_id = ? AND ${LISTED} AND (created_at, email) < (?, ?) ORDER BY created_at DESC, email DESC LIMIT ?`)
        .bind(pageId, at.before.createdAt, at.before.email, limit)
    : db.prepare(`SELECT email, created_at, confirmed_at FROM subscribers WHERE page_id = ? AND ${LISTED} ORDER BY created_at DESC, email DESC LIMIT ?`).bind(pageId, limit);
  return (await stmt.all<SubscriberRow>()).results;
}

/** How many subscribers the page has, and how many of them are newer than `than` (the rank of a row). */
export async function countSubscribers(db: D1Database, pageId: string, than?: { createdAt: string; email: string }): Promise<{ total: number; newer: number }> {
  const r = than
    ? await db
        .prepare(`SELECT COUNT(*) AS total, COALESCE(SUM((created_at, email) > (?, ?)), 0) AS newer FROM subscribers WHERE page_id = ? AND ${LISTED}`)
        .bind(than.createdAt, than.email, pageId)
        .first<{ total: number; newer: number }>()
    : await db.prepare(`SELECT COUNT(*) AS total, 0 AS newer FROM subscribers WHERE page_id = ? AND ${LISTED}`).bind(pageId).first<{ total: number; newer: number }>();
  return { total: r?.total ?? 0, newer: r?.newer ?? 0 };
}

/** The owner removes a listed address (a pending one is not theirs to see: 404 like any unknown). */
export async function deleteSubscriber(db: D1Database, pageId: string, email: string): Promise<boolean> {
  const r = await db.prepare(`DELETE FROM subscribers WHERE page_id = ? AND email = ? AND ${LISTED}`).bind(pageId, email).run();
  return r.meta.changes === 1;
}

export function deleteSubscribersStatement(db: D1Database, pageId: string): D1PreparedStatement {
  return db.prepare("DELETE FROM subscribers WHERE page_id = ?").bind(pageId);
}
