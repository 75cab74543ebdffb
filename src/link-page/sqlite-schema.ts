// The page DO's SQLite tables (SQL DDL; the zod schemas of API bodies are in src/schemas/), versioned
// by a row in _meta (DO SQLite refuses PRAGMA user_version).
// Upgrades run synchronously in the constructor so every entry point — fetch, RPC, alarm — sees
// the current schema. A DO that never held a page gets no tables at all: a visit to an unknown
// slug must not leave storage behind.

const STEPS: string[][] = [
  // v1: the page and its links
  [
    `CREATE TABLE page (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       page_id TEXT NOT NULL,
       slug TEXT NOT NULL,
       display_name TEXT NOT NULL,
       bio TEXT NOT NULL,
       theme TEXT NOT NULL,
       email_signup TEXT NOT NULL,
       plan TEXT NOT NULL,
       claimed INTEGER NOT NULL,
       version INTEGER NOT NULL,
       created_at TEXT NOT NULL,
       updated_at TEXT NOT NULL
     )`,
    `CREATE TABLE links (
       id TEXT PRIMARY KEY,
       position INTEGER NOT NULL,
       title TEXT NOT NULL,
       url TEXT NOT NULL,
       enabled INTEGER NOT NULL,
       starts_at TEXT,
       ends_at TEXT
     )`,
  ],
  // v2: the click buffer (rows wait here until an alarm flushes them to D1 as hourly aggregates),
  // all-time totals per link for the live snapshot, and the flush watermark (see flush-pass.ts).
  [
    `CREATE TABLE clicks (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       link_id TEXT NOT NULL,
       at INTEGER NOT NULL,
       country TEXT NOT NULL DEFAULT '',
       referrer TEXT NOT NULL DEFAULT ''
     )`,
    `CREATE TABLE link_totals (link_id TEXT PRIMARY KEY, total INTEGER NOT NULL)`,
  ],
  // v3: the operator's kill switch ('active' | 'suspended').
  [`ALTER TABLE page ADD COLUMN status TEXT NOT NULL DEFAULT 'active'`],
  // v4: headers, featured/sensitive links and link icons; the social icons row (docs/pages.md#social-icons).
  // Defaults make every existing link a plain link with an automatic icon, and pages start with no socials.
  [
    `ALTER TABLE links ADD COLUMN type TEXT NOT NULL DEFAULT 'link'`,
    `ALTER TABLE links ADD COLUMN featured INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE links ADD COLUMN icon TEXT NOT NULL DEFAULT 'auto'`,
    `ALTER TABLE links ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE page ADD COLUMN socials TEXT NOT NULL DEFAULT '[]'`,
    `ALTER TABLE page ADD COLUMN socials_position TEXT NOT NULL DEFAULT 'top'`,
  ],
  // v5: the profile photo, JSON { hash, width, height } or NULL (the bytes are in R2, docs/storage.md#r2-photos).
  [`ALTER TABLE page ADD COLUMN avatar TEXT`],
  // v6: page views share the click buffer, its seq and so its exactly-once flush: a row with
  // views > 0 is a batch of that many views in one hour (link_id ''), sent by a Worker isolate
  // (actions/count-views.ts); a row with views = 0 is one click.
  [`ALTER TABLE clicks ADD COLUMN views INTEGER NOT NULL DEFAULT 0`],
];

export const SCHEMA_VERSION = STEPS.length;

export function hasSchema(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_meta'").toArray().length > 0;
}

export function migrate(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  sql.exec("CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const row = sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'schema_version'").toArray()[0];
  const current = row ? Number(row.value) : 0;
  if (current >= SCHEMA_VERSION) return;
  storage.transactionSync(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) for (const stmt of STEPS[v]!) sql.exec(stmt);
    sql.exec("INSERT OR REPLACE INTO _meta (key, value) VALUES ('schema_version', ?)", String(SCHEMA_VERSION));
  });
}
