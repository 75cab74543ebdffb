// D1 access for email signups (migrations/0004_subscribers.sql).

export interface SubscriberRow {
  email: string;
  created_at: string;
}

/** Insert unless already there; true when this call added the address. */
export async function addSubscriber(db: D1Database, pageId: string, email: string, now: string): Promise<boolean> {
  const r = await db
    .prepare("INSERT INTO subscribers (page_id, email, created_at) VALUES (?, ?, ?) ON CONFLICT (page_id, email) DO NOTHING")
    .bind(pageId, email, now)
    .run();
  return r.meta.changes === 1;
}

/** One page of subscribers in (created_at, email) order, after the cursor position. */
export async function listSubscribers(db: D1Database, pageId: string, limit: number, after?: { createdAt: string; email: string }): Promise<SubscriberRow[]> {
  const stmt = after
    ? db
        .prepare("SELECT email, created_at FROM subscribers WHERE page_id = ? AND (created_at, email) > (?, ?) ORDER BY created_at, email LIMIT ?")
        .bind(pageId, after.createdAt, after.email, limit)
    : db.prepare("SELECT email, created_at FROM subscribers WHERE page_id = ? ORDER BY created_at, email LIMIT ?").bind(pageId, limit);
  return (await stmt.all<SubscriberRow>()).results;
}

export async function deleteSubscriber(db: D1Database, pageId: string, email: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM subscribers WHERE page_id = ? AND email = ?").bind(pageId, email).run();
  return r.meta.changes === 1;
}

export function deleteSubscribersStatement(db: D1Database, pageId: string): D1PreparedStatement {
  return db.prepare("DELETE FROM subscribers WHERE page_id = ?").bind(pageId);
}
