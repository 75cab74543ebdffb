-- subscriber.created is announced (webhook deliveries queued) after the signup's row commits. When
-- that never happens — the reply to the insert was lost, the Worker stopped before queueing — the row
-- stays unannounced: the visitor's retry or the sweep (cron) announces it, so no signup goes untold.
ALTER TABLE subscribers ADD COLUMN announced_at TEXT;
UPDATE subscribers SET announced_at = created_at; -- rows from before: their event went out, or never will
CREATE INDEX subscribers_unannounced ON subscribers (created_at) WHERE announced_at IS NULL;
