// D1 access for addresses pages let go of (migrations/0012_released_slugs.sql, docs/rename.md).
import { RELEASED_SLUG_HOLD_MS } from "../lib/policy";

export type SlugBlocker = "taken" | "recently_released";
export type ReleaseReason = "renamed" | "deleted";

/**
 * SQL condition, true while `slug` is held from the caller: released less than the hold ago, and not
 * released by the caller's own page (renamed away: it may come back) or by the caller as owner of a
 * page they deleted. Binds, in order: slug, cutoff (epoch ms), the caller's page id, then whatever
 * `owner` (an SQL expression for the caller's user id) binds.
 */
export const heldFromCaller = (owner = "?") => `EXISTS (SELECT 1 FROM released_slugs r WHERE r.slug = ? AND r.released_at > ?
  AND r.page_id IS NOT ? AND NOT (r.reason = 'deleted' AND r.owner_id IS NOT NULL AND r.owner_id IS ${owner}))`;

export const holdCutoff = (now: number) => now - RELEASED_SLUG_HOLD_MS;

/** Why `slug` can't be given to this page (or new page of this owner) now, or null when it can. */
export async function slugBlocker(
  db: D1Database,
  slug: string,
  who: { pageId: string | null; ownerId: string | null },
  now = Date.now(),
): Promise<SlugBlocker | null> {
  const row = await db
    .prepare(`SELECT (SELECT id FROM pages WHERE slug = ?) AS page_id, ${heldFromCaller()} AS held`)
    .bind(slug, slug, holdCutoff(now), who.pageId, who.ownerId)
    .first<{ page_id: string | null; held: number }>();
  if (row?.page_id && row.page_id !== who.pageId) return "taken";
  return row?.held ? "recently_released" : null;
}

/** Hold `slug` for the page that let go of it (replaces an earlier hold of the same slug). */
export function releaseSlugStatement(
  db: D1Database,
  r: { slug: string; pageId: string; ownerId: string | null; reason: ReleaseReason; at: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO released_slugs (slug, page_id, owner_id, reason, released_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (slug) DO UPDATE SET page_id = excluded.page_id, owner_id = excluded.owner_id,
         reason = excluded.reason, released_at = excluded.released_at`,
    )
    .bind(r.slug, r.pageId, r.ownerId, r.reason, r.at);
}

/** Holds older than the hold period hold nothing: drop them (run whenever a slug is released). */
export function pruneReleasedStatement(db: D1Database, now: number): D1PreparedStatement {
  return db.prepare("DELETE FROM released_slugs WHERE released_at <= ?").bind(holdCutoff(now));
}

/**
 * The index half of a rename, as one D1 batch (one transaction), safe to send again: the page's row
 * moves from `from` to `to` only if `to` is neither another page's nor held from this page; if it
 * moved, `from` is held for the page ('renamed') and any hold on `to` is dropped. The last statement
 * reads back where the row is, which is the outcome whether this batch or an earlier one moved it.
 */
export function switchSlugStatements(db: D1Database, m: { pageId: string; from: string; to: string; now: number }): D1PreparedStatement[] {
  const moved = "EXISTS (SELECT 1 FROM pages WHERE id = ? AND slug = ?)";
  return [
    db
      .prepare(
        `UPDATE pages SET slug = ? WHERE id = ? AND slug = ?
           AND NOT EXISTS (SELECT 1 FROM pages WHERE slug = ?)
           AND NOT ${heldFromCaller("(SELECT owner_id FROM pages WHERE id = ?)")}`,
      )
      .bind(m.to, m.pageId, m.from, m.to, m.to, holdCutoff(m.now), m.pageId, m.pageId),
    db
      .prepare(
        `INSERT INTO released_slugs (slug, page_id, owner_id, reason, released_at)
         SELECT ?, id, owner_id, 'renamed', ? FROM pages WHERE id = ? AND slug = ?
         ON CONFLICT (slug) DO UPDATE SET page_id = excluded.page_id, owner_id = excluded.owner_id,
           reason = excluded.reason, released_at = excluded.released_at`,
      )
      .bind(m.from, m.now, m.pageId, m.to),
    db.prepare(`DELETE FROM released_slugs WHERE slug = ? AND ${moved}`).bind(m.to, m.pageId, m.to),
    pruneReleasedStatement(db, m.now),
    db.prepare("SELECT slug FROM pages WHERE id = ?").bind(m.pageId),
  ];
}

/** Undo switchSlugStatements (the new address turned out to be occupied in its Durable Object). */
export function revertSlugStatements(db: D1Database, m: { pageId: string; from: string; to: string }): D1PreparedStatement[] {
  return [
    db.prepare("UPDATE pages SET slug = ? WHERE id = ? AND slug = ?").bind(m.from, m.pageId, m.to),
    db.prepare("DELETE FROM released_slugs WHERE slug = ? AND page_id = ?").bind(m.from, m.pageId),
  ];
}

/** Where the page's index row is now (null: the page was deleted). */
export async function currentSlug(db: D1Database, pageId: string): Promise<string | null> {
  const r = await db.prepare("SELECT slug FROM pages WHERE id = ?").bind(pageId).first<{ slug: string }>();
  return r?.slug ?? null;
}

/** The addresses a page renamed away from that are still held for it (newest first), except `but`. */
export async function oldAddressesOf(db: D1Database, pageId: string, but: string | null, now = Date.now()): Promise<string[]> {
  const rows = await db
    .prepare("SELECT slug FROM released_slugs WHERE page_id = ? AND reason = 'renamed' AND slug IS NOT ? AND released_at > ? ORDER BY released_at DESC")
    .bind(pageId, but, holdCutoff(now))
    .all<{ slug: string }>();
  return rows.results.map((r) => r.slug);
}
