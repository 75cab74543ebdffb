-- subscriber.created is announced (webhook deliveries queued) after the signup's row commits. When
-- that never happens — the reply to the insert was lost, the Worker stopped before queueing — the row
-- stays unannounced (NULL): the visitor's retry or the sweep (cron) announces it, so no signup goes
-- untold. The default marks rows this code did not write as settled: those from before, and those a
-- still-running older Worker inserts during a deploy (it announces them itself, with its own ids).
-- New code inserts announced_at = NULL explicitly (src/db/subscribers.ts).
ALTER TABLE subscribers ADD COLUMN announced_at TEXT DEFAULT 'before-0008';
CREATE INDEX subscribers_unannounced ON subscribers (created_at) WHERE announced_at IS NULL;
