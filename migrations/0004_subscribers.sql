-- Email signups collected on pro pages (SPEC §1: shared with the page's owner only).
-- Emails are lower-cased, so (page_id, email) dedupes case-insensitively.
CREATE TABLE subscribers (
  page_id TEXT NOT NULL,
  email TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (page_id, email)
) WITHOUT ROWID;
CREATE INDEX subscribers_page_created ON subscribers (page_id, created_at, email);
