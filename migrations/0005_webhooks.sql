-- Webhooks (SPEC §7, issue 6): endpoints an owner registers for a page, and the recent results of
-- delivering to them. `secret` is the whsec_ signing secret itself, not a hash: every delivery is
-- signed with it (HMAC), so it must stay retrievable (docs/storage.md says so). It is never listed.
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  page_id TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,          -- JSON array of event types
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT,              -- NULL while active
  disabled_reason TEXT
);
CREATE INDEX webhooks_page ON webhooks (page_id);

-- One row per delivery attempt; only the newest few per webhook are kept (src/db/webhooks.ts).
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id TEXT NOT NULL,
  page_id TEXT NOT NULL,
  message_id TEXT NOT NULL,      -- the webhook-id header: the same for every attempt of one message
  event_type TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  status INTEGER,                -- the endpoint's HTTP status; NULL when none came (timeout, network)
  ok INTEGER NOT NULL,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_page ON webhook_deliveries (page_id);

-- Bodies too large for a queue message (128 KB), e.g. page.updated of a page with 100 long links.
-- A row lives while its message is in flight and is deleted when the consumer is done with it.
CREATE TABLE webhook_payloads (
  message_id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL,
  page_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_payloads_page ON webhook_payloads (page_id);
CREATE INDEX webhook_payloads_webhook ON webhook_payloads (webhook_id);
