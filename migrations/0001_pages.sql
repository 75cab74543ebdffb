-- The page index: what crosses pages (slug → page, owner, claim token hash). Page content lives in
-- each page's Durable Object. claim_token_hash is the SHA-256 hex of the claim token, never the token.
CREATE TABLE pages (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  owner_id TEXT,
  claim_token_hash TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX pages_owner_id ON pages (owner_id);
