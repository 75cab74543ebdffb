-- Idempotency-Key on POST requests of the API (docs/storage.md#idempotency_keys-0012). One row per caller
-- and key, inserted *before* the request acts: the primary key decides which of two racing requests
-- acts; the other is told the first is still in progress (409). After acting, the row holds the answer
-- (with every secret removed) for replays. Rows expire 24 h after the first request; the daily cron
-- deletes them.
CREATE TABLE idempotency_keys (
  id TEXT PRIMARY KEY,                 -- SHA-256 hex of caller scope + the client's key (never the key itself)
  owner_id TEXT,                       -- users.id when a signed-in account sent it (deleted with the account); else NULL
  request_hash TEXT NOT NULL,          -- SHA-256 hex of method, path and body: the same key with another request → 422
  state TEXT NOT NULL CHECK (state IN ('in_progress', 'done')),
  status INTEGER,                      -- the stored response, once done
  headers TEXT,                        -- JSON object of the response headers kept for replays
  body TEXT,                           -- response body with secrets replaced by null
  started_at INTEGER NOT NULL,         -- epoch ms; an in-progress row older than the lease may be taken over
  expires_at INTEGER NOT NULL          -- epoch ms, 24 h after the first request
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
CREATE INDEX idempotency_keys_owner_id ON idempotency_keys (owner_id) WHERE owner_id IS NOT NULL;
