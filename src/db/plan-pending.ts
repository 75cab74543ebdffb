// D1 access for pages whose DO may hold an older plan (migrations/0016_plan_sync.sql, docs/plans.md).
// Rows are added with the change that makes a copy stale: a plan change (an SQL trigger on users),
// a claim or an owner's new page (db/pages.ts, in the same batch); removed here once the page's DO
// is known to hold the current plan.
import type { Plan } from "../schemas/page";

/** What a page's DO should hold: its owner's plan now, and that plan's version. Null: unclaimed or deleted. */
export interface PlanDue {
  slug: string;
  plan: Plan;
  version: number;
}

/** Mark the page pending if `ownerId` owns it: batched with the write that gave it that owner. */
export function markPendingStatement(db: D1Database, pageId: string, ownerId: string): D1PreparedStatement {
  return db
    .prepare("INSERT OR IGNORE INTO plan_pending (page_id, queued_at) SELECT id, ? FROM pages WHERE id = ? AND owner_id = ?")
    .bind(new Date().toISOString(), pageId, ownerId);
}

export function planDue(db: D1Database, pageId: string): Promise<PlanDue | null> {
  return db
    .prepare("SELECT p.slug, u.plan, u.plan_version AS version FROM pages p JOIN users u ON u.id = p.owner_id WHERE p.id = ?")
    .bind(pageId)
    .first<PlanDue>();
}

/**
 * The page's DO now holds plan version `version`: settled, unless D1 has moved past it (then the
 * row stays, or its trigger added it again). True when nothing is pending for the page afterwards.
 */
export async function settlePlan(db: D1Database, pageId: string, version: number): Promise<boolean> {
  const [, left] = await db.batch([
    db
      .prepare(
        `DELETE FROM plan_pending WHERE page_id = ?1
           AND (SELECT u.plan_version FROM pages p JOIN users u ON u.id = p.owner_id WHERE p.id = ?1) = ?2`,
      )
      .bind(pageId, version),
    db.prepare("SELECT COUNT(*) AS n FROM plan_pending WHERE page_id = ?").bind(pageId),
  ]);
  return (left!.results[0] as { n: number }).n === 0;
}

/** Pending pages, oldest first. */
export async function pendingPlanPages(db: D1Database, limit: number): Promise<string[]> {
  const r = await db.prepare("SELECT page_id FROM plan_pending ORDER BY queued_at LIMIT ?").bind(limit).all<{ page_id: string }>();
  return r.results.map((row) => row.page_id);
}

/** A page the sweep could not settle goes to the back, so pages that keep failing never hold up the rest. */
export async function requeuePlan(db: D1Database, pageId: string): Promise<void> {
  await db.prepare("UPDATE plan_pending SET queued_at = ? WHERE page_id = ?").bind(new Date().toISOString(), pageId).run();
}

export async function dropPendingPlan(db: D1Database, pageId: string): Promise<void> {
  await db.prepare("DELETE FROM plan_pending WHERE page_id = ?").bind(pageId).run();
}
