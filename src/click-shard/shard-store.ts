// A click shard's SQLite: the same click buffer and link totals as the page DO's (link-page/clicks.ts
// writes both), created on first use, and which page and shard it buffers for (flushes need both).
export function ensureSchema(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS clicks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, link_id TEXT NOT NULL, at INTEGER NOT NULL,
    country TEXT NOT NULL DEFAULT '', referrer TEXT NOT NULL DEFAULT '', views INTEGER NOT NULL DEFAULT 0)`);
  sql.exec("CREATE TABLE IF NOT EXISTS link_totals (link_id TEXT PRIMARY KEY, total INTEGER NOT NULL)");
  sql.exec("CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
}

export interface ShardOwner {
  pageId: string;
  slug: string;
  shard: string;
}

export function readOwner(sql: SqlStorage): ShardOwner | null {
  const rows = sql.exec<{ key: string; value: string }>("SELECT key, value FROM _meta WHERE key IN ('page_id', 'slug', 'shard')").toArray();
  const m = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  return m.page_id && m.slug && m.shard ? { pageId: m.page_id, slug: m.slug, shard: m.shard } : null;
}

export function writeOwner(sql: SqlStorage, o: ShardOwner): void {
  for (const [k, v] of [["page_id", o.pageId], ["slug", o.slug], ["shard", o.shard]] as const) {
    sql.exec("INSERT OR REPLACE INTO _meta (key, value) VALUES (?, ?)", k, v);
  }
}
