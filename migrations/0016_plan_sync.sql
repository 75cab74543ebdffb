-- A page's plan is its owner's: users.plan is the authority, and each page's DO keeps a copy it
-- renders and counts by (docs/plans.md). plan_version counts an account's plan changes; a page in
-- plan_pending may hold an older copy until actions/sync-plan.ts pushes the current one and sees D1
-- unchanged afterwards. Pages are marked pending in the same statement or batch as the change that
-- makes them so — a plan change (the trigger below), a claim or an owner's new page (db/pages.ts) —
-- so no failure between the D1 write and the DO push can leave a split unseen. Not a trigger on
-- pages: D1 counts a trigger's rows in meta.changes, which the page writes check.
ALTER TABLE users ADD COLUMN plan_version INTEGER NOT NULL DEFAULT 0;

-- queued_at: when the page was marked, or last failed; the sweep takes the oldest first.
CREATE TABLE plan_pending (
  page_id TEXT PRIMARY KEY,
  queued_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER plan_pending_on_plan_change AFTER UPDATE OF plan_version ON users
BEGIN
  INSERT OR IGNORE INTO plan_pending (page_id, queued_at) SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM pages WHERE owner_id = NEW.id;
END;
