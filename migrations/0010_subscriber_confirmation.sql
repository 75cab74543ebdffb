-- Double opt-in for email signups (docs/storage.md#subscribers). A signup on a page with confirmation
-- on is stored *pending*: pending_until holds when it is deleted (7 days after the signup) unless its
-- owner confirms it from the mail we send. Pending rows are never listed, exported or announced.
-- Rows already here signed up under single opt-in: they stay listed (pending_until NULL).
ALTER TABLE subscribers ADD COLUMN pending_until TEXT;
-- When the address's owner confirmed it from our mail (NULL: listed without a confirmation mail,
-- i.e. before this migration or while the page owner had confirmation off).
ALTER TABLE subscribers ADD COLUMN confirmed_at TEXT;
-- SHA-256 (hex) of the token in the latest mail we sent to this address for this page: it confirms
-- (while pending) and removes the address (one click, any time). The token itself is never stored.
ALTER TABLE subscribers ADD COLUMN token_hash TEXT;
-- The latest confirmation mail and how many were sent for this signup: the per-address mail limit.
ALTER TABLE subscribers ADD COLUMN mailed_at TEXT;
ALTER TABLE subscribers ADD COLUMN mails INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX subscribers_token ON subscribers (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX subscribers_pending ON subscribers (pending_until) WHERE pending_until IS NOT NULL;
