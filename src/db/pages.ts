// D1 access for the page index (migrations/0001_pages.sql).
import type { Plan } from "../schemas/page";
import { markPendingStatement } from "./plan-pending";
import { heldFromCaller, holdCutoff } from "./released-slugs";

export interface PageIndexRow {
  id: string;
  slug: string;
  owner_id: string | null;
  claim_token_hash: string | null;
  created_at: string;
  /**
   * The owner's plan when the row was read with it (null: unclaimed). Lets analytics choose its D1
   * queries before the page's DO answers (analytics/page-analytics.ts); the DO's copy still decides.
   */
  owner_plan?: Plan | null;
}

const WITH_PLAN = `SELECT p.id, p.slug, p.owner_id, p.claim_token_hash, p.created_at, u.plan AS owner_plan
  FROM pages p LEFT JOIN users u ON u.id = p.owner_id`;

export function findPageStatement(db: D1Database, slug: string): D1PreparedStatement {
  return db.prepare(`${WITH_PLAN} WHERE p.slug = ?`).bind(slug);
}

/** The media routes know a page by id (its media keys do not change when a slug would). */
export function findPageById(db: D1Database, id: string): Promise<PageIndexRow | null> {
  return db.prepare(`${WITH_PLAN} WHERE p.id = ?`).bind(id).first<PageIndexRow>();
}

export function findPageBySlug(db: D1Database, slug: string): Promise<PageIndexRow | null> {
  return findPageStatement(db, slug).first<PageIndexRow>();
}

/**
 * Reserve a slug. Returns false when it is taken or held after a rename or delete (docs/rename.md):
 * the UNIQUE constraint and the hold check inside the one statement decide races, not a prior read.
 */
export async function insertPage(db: D1Database, row: PageIndexRow, now = Date.now()): Promise<boolean> {
  const insert = db
    .prepare(
      `INSERT INTO pages (id, slug, owner_id, claim_token_hash, created_at) SELECT ?, ?, ?, ?, ?
       WHERE NOT ${heldFromCaller()} ON CONFLICT (slug) DO NOTHING`,
    )
    .bind(row.id, row.slug, row.owner_id, row.claim_token_hash, row.created_at, row.slug, holdCutoff(now), row.id, row.owner_id);
  // An owner's page starts with its plan copy pending (docs/plans.md#propagation).
  const [res] = await db.batch(row.owner_id ? [insert, markPendingStatement(db, row.id, row.owner_id)] : [insert]);
  return res!.meta.changes === 1;
}

/** Delete by id (not slug) so a compensation never removes a page someone else created meanwhile. */
export async function deletePageRow(db: D1Database, id: string): Promise<void> {
  await db.prepare("DELETE FROM pages WHERE id = ?").bind(id).run();
}

export async function pagesOfOwner(db: D1Database, ownerId: string): Promise<PageIndexRow[]> {
  const r = await db
    .prepare(`${WITH_PLAN} WHERE p.owner_id = ? ORDER BY p.created_at`)
    .bind(ownerId)
    .all<PageIndexRow>();
  return r.results;
}

/** Give an unclaimed page to a user, consuming its claim token; false if someone got there first. */
export async function claimPageRow(db: D1Database, id: string, tokenHash: string, ownerId: string): Promise<boolean> {
  const [r] = await db.batch([
    db.prepare("UPDATE pages SET owner_id = ?, claim_token_hash = NULL WHERE id = ? AND owner_id IS NULL AND claim_token_hash = ?").bind(ownerId, id, tokenHash),
    markPendingStatement(db, id, ownerId), // its DO learns the new owner's plan in a later step (docs/plans.md#propagation)
  ]);
  return r!.meta.changes === 1;
}
