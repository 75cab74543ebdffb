-- Two more rollups for fast analytics (issue 8, docs/performance.md).
--
-- link_block_totals: running click totals per link at the end of each 4-hour UTC block (hour / 4). A
-- report's clicks per link are total(to) − total(from): the rows of two blocks, plus or minus at most
-- 2 hours of click_counts at each end (src/db/range-counts.ts) — instead of one row per link and day
-- summed (3,000 rows for 30 days of 100 links, plus whole edge days hour by hour).
-- Dense: a block in which the page has any clicks holds a row for every link clicked in or before
-- it, so "the totals as of block B" are the rows of the latest such block ≤ B, read in key order.
-- Kept by triggers on click_counts, like 0007_click_rollups.sql's.
--
-- page_days: a page's clicks per UTC day, so a 30-day series reads 30 rows, not 720 hours. Kept by
-- triggers on click_days.
--
-- Triggers run inside the statement that changes click_counts, so these commit or roll back with the
-- flush's D1 batch: exactly once, like the counts. Nothing here identifies a visitor.
CREATE TABLE link_block_totals (
  page_id TEXT NOT NULL,
  block INTEGER NOT NULL, -- epoch hour / 4; totals as of the block's end
  link_id TEXT NOT NULL,
  clicks INTEGER NOT NULL, -- every click on the link up to the end of `block`
  PRIMARY KEY (page_id, block, link_id)
) WITHOUT ROWID;

CREATE TABLE page_days (
  page_id TEXT NOT NULL,
  day INTEGER NOT NULL, -- UTC days since the epoch: hour / 24
  clicks INTEGER NOT NULL,
  PRIMARY KEY (page_id, day)
) WITHOUT ROWID;

-- From the data already there.
INSERT INTO page_days (page_id, day, clicks) SELECT page_id, day, SUM(clicks) FROM click_days GROUP BY page_id, day;

INSERT INTO link_block_totals (page_id, block, link_id, clicks)
SELECT g.page_id, g.block, g.link_id,
  SUM(COALESCE(s.clicks, 0)) OVER (PARTITION BY g.page_id, g.link_id ORDER BY g.block)
FROM (
  SELECT b.page_id, b.block, f.link_id
  FROM (SELECT DISTINCT page_id, hour / 4 AS block FROM click_counts) b
  JOIN (SELECT page_id, link_id, MIN(hour / 4) AS first FROM click_counts GROUP BY page_id, link_id) f
    ON f.page_id = b.page_id AND f.first <= b.block
) g
LEFT JOIN (SELECT page_id, hour / 4 AS block, link_id, SUM(clicks) AS clicks FROM click_counts GROUP BY page_id, hour / 4, link_id) s
  ON s.page_id = g.page_id AND s.block = g.block AND s.link_id = g.link_id;

-- A link's rows across blocks, for the triggers' per-link updates (a late click adds to every later
-- block: a range of this index, not a scan of every link's rows in those blocks).
CREATE INDEX link_block_totals_by_link ON link_block_totals (page_id, link_id, block);

-- Each statement below touches a handful of rows in the usual case (a click in the current block).
-- The CASEs turn "nothing to do" into a lookup that finds nothing, where a filter would still
-- walk the rows it filters out.
CREATE TRIGGER click_counts_totals_insert AFTER INSERT ON click_counts
BEGIN
  -- The page's first clicks in a block: it starts from the latest earlier block's totals.
  INSERT INTO link_block_totals (page_id, block, link_id, clicks)
  SELECT page_id, NEW.hour / 4, link_id, clicks FROM link_block_totals
  WHERE page_id = NEW.page_id
    AND block = CASE WHEN EXISTS (SELECT 1 FROM link_block_totals WHERE page_id = NEW.page_id AND block = NEW.hour / 4) THEN NULL
      ELSE (SELECT MAX(block) FROM link_block_totals WHERE page_id = NEW.page_id AND block < NEW.hour / 4) END;
  -- A link's first clicks (in this block, or ever): a row in this block and in every later block
  -- held, starting from its total before this block (none if not in the latest earlier block). A
  -- link with a row in this block has one in every later block already.
  INSERT OR IGNORE INTO link_block_totals (page_id, block, link_id, clicks)
  SELECT NEW.page_id, later.block, NEW.link_id, COALESCE((
    SELECT clicks FROM link_block_totals
    WHERE page_id = NEW.page_id AND link_id = NEW.link_id
      AND block = (SELECT MAX(block) FROM link_block_totals WHERE page_id = NEW.page_id AND block < NEW.hour / 4)
  ), 0)
  FROM (
    SELECT DISTINCT block FROM link_block_totals
    WHERE page_id = NEW.page_id AND block > CASE
      WHEN EXISTS (SELECT 1 FROM link_block_totals WHERE page_id = NEW.page_id AND block = NEW.hour / 4 AND link_id = NEW.link_id)
      THEN 9e18 ELSE NEW.hour / 4 END
    UNION SELECT NEW.hour / 4
  ) later;
  -- The blocks come from the per-link index: given the range directly, the planner walks every
  -- link's rows in those blocks by the primary key.
  UPDATE link_block_totals SET clicks = clicks + NEW.clicks
  WHERE page_id = NEW.page_id AND link_id = NEW.link_id AND block IN (
    SELECT block FROM link_block_totals WHERE page_id = NEW.page_id AND link_id = NEW.link_id AND block >= NEW.hour / 4);
END;

CREATE TRIGGER click_counts_totals_update AFTER UPDATE OF clicks ON click_counts
BEGIN
  UPDATE link_block_totals SET clicks = clicks + NEW.clicks - OLD.clicks
  WHERE page_id = NEW.page_id AND link_id = NEW.link_id AND block IN (
    SELECT block FROM link_block_totals WHERE page_id = NEW.page_id AND link_id = NEW.link_id AND block >= NEW.hour / 4);
END;

CREATE TRIGGER click_days_page_days_insert AFTER INSERT ON click_days
BEGIN
  INSERT INTO page_days (page_id, day, clicks) VALUES (NEW.page_id, NEW.day, NEW.clicks)
  ON CONFLICT (page_id, day) DO UPDATE SET clicks = clicks + excluded.clicks;
END;

CREATE TRIGGER click_days_page_days_update AFTER UPDATE OF clicks ON click_days
BEGIN
  UPDATE page_days SET clicks = clicks + NEW.clicks - OLD.clicks WHERE page_id = NEW.page_id AND day = NEW.day;
END;
