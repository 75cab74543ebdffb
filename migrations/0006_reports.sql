-- Reports of abusive pages, sent through the "Report" link on every public page, for the operator.
-- Nothing about the reporter is kept: no address, no email unless they type one into the details.
CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  page_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('spam', 'phishing', 'malware', 'illegal', 'impersonation', 'other')),
  details TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX reports_created ON reports (created_at);
