-- Rollups of click_counts for fast analytics (issue 8, docs/performance.md): a 30-day report of a
-- page with 100 links read 72,000 hourly rows four times over. Now it reads whole UTC days from
-- click_days, only the partial days at the range's edges from click_counts, and the time series from
-- click_hours (one row per page and hour).
--
-- Triggers keep both in step with click_counts inside the very statement that changes it, so they
-- commit or roll back with the flush's D1 batch (link-page/flush.ts): exactly once, like the counts.
-- Deleting a page deletes its rollups explicitly (db/click-counts.ts), not row by row via a trigger.
CREATE TABLE click_hours (
  page_id TEXT NOT NULL,
  hour INTEGER NOT NULL,
  clicks INTEGER NOT NULL,
  PRIMARY KEY (page_id, hour)
) WITHOUT ROWID;

CREATE TABLE click_days (
  page_id TEXT NOT NULL,
  day INTEGER NOT NULL, -- UTC days since the epoch: hour / 24
  link_id TEXT NOT NULL,
  country TEXT NOT NULL DEFAULT '',
  referrer TEXT NOT NULL DEFAULT '',
  clicks INTEGER NOT NULL,
  PRIMARY KEY (page_id, day, link_id, country, referrer)
) WITHOUT ROWID;

INSERT INTO click_hours (page_id, hour, clicks)
SELECT page_id, hour, SUM(clicks) FROM click_counts GROUP BY page_id, hour;

INSERT INTO click_days (page_id, day, link_id, country, referrer, clicks)
SELECT page_id, hour / 24, link_id, country, referrer, SUM(clicks) FROM click_counts
GROUP BY page_id, hour / 24, link_id, country, referrer;

CREATE TRIGGER click_counts_rollup_insert AFTER INSERT ON click_counts
BEGIN
  INSERT INTO click_hours (page_id, hour, clicks) VALUES (NEW.page_id, NEW.hour, NEW.clicks)
  ON CONFLICT (page_id, hour) DO UPDATE SET clicks = clicks + excluded.clicks;
  INSERT INTO click_days (page_id, day, link_id, country, referrer, clicks)
  VALUES (NEW.page_id, NEW.hour / 24, NEW.link_id, NEW.country, NEW.referrer, NEW.clicks)
  ON CONFLICT (page_id, day, link_id, country, referrer) DO UPDATE SET clicks = clicks + excluded.clicks;
END;

CREATE TRIGGER click_counts_rollup_update AFTER UPDATE OF clicks ON click_counts
BEGIN
  UPDATE click_hours SET clicks = clicks + NEW.clicks - OLD.clicks WHERE page_id = NEW.page_id AND hour = NEW.hour;
  UPDATE click_days SET clicks = clicks + NEW.clicks - OLD.clicks
  WHERE page_id = NEW.page_id AND day = NEW.hour / 24 AND link_id = NEW.link_id AND country = NEW.country AND referrer = NEW.referrer;
END;
