-- Aggregated clicks, flushed from each page's Durable Object: one row per page, link and UTC hour
-- (epoch hours), plus country and referrer domain for pro pages ('' when not recorded).
-- Nothing here identifies a visitor.
CREATE TABLE click_counts (
  page_id TEXT NOT NULL,
  hour INTEGER NOT NULL,
  link_id TEXT NOT NULL,
  country TEXT NOT NULL DEFAULT '',
  referrer TEXT NOT NULL DEFAULT '',
  clicks INTEGER NOT NULL,
  PRIMARY KEY (page_id, hour, link_id, country, referrer)
) WITHOUT ROWID;

-- Per page, the highest buffer sequence number whose clicks are in click_counts. Written in the same
-- D1 batch (one transaction) as the increments, so a retried flush never counts twice.
CREATE TABLE click_flushes (
  page_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);
