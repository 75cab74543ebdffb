-- Addresses a page let go of, held for 30 days (docs/rename.md).
--
-- A page renamed away from a slug keeps it (reason 'renamed'): its old address answers 301 to the new
-- one, and only that same page may take it back. A deleted page's slug (reason 'deleted') is refused to
-- everyone but its owner (owner_id). After RELEASED_SLUG_HOLD_DAYS (src/lib/policy.ts) a row no longer
-- holds anything; rows that old are pruned whenever a slug is released.
-- One row per slug: releasing a slug again replaces the row. Nothing here identifies a visitor.
CREATE TABLE released_slugs (
  slug TEXT PRIMARY KEY,
  page_id TEXT NOT NULL,
  owner_id TEXT,
  reason TEXT NOT NULL CHECK (reason IN ('renamed', 'deleted')),
  released_at INTEGER NOT NULL -- epoch ms
) WITHOUT ROWID;

CREATE INDEX released_slugs_page ON released_slugs (page_id);
