-- Accounts (SPEC §5). Emails are stored lower-cased. Every secret is stored only as a SHA-256 hex digest.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  plan TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro')),
  created_at TEXT NOT NULL,
  -- Sessions created before this instant (epoch ms) are void, whatever KV still holds: revocation
  -- must not wait for KV's eventual consistency.
  sessions_valid_after INTEGER NOT NULL DEFAULT 0
);

-- Sign-in links: single use (the row is deleted when consumed), 15-minute expiry.
CREATE TABLE magic_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  next TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX magic_links_email ON magic_links (email, created_at);

-- Issued sign-in links per email, kept one hour for the per-address rate limit (no token in here).
CREATE TABLE magic_link_sends (
  email TEXT NOT NULL,
  sent_at INTEGER NOT NULL
);
CREATE INDEX magic_link_sends_email ON magic_link_sends (email, sent_at);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT
);
CREATE INDEX api_keys_user_id ON api_keys (user_id);
