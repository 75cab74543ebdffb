-- Page views, flushed from each page's Durable Object with its clicks (link-page/flush.ts): one row
-- per page and UTC hour (epoch hours), a plain counter. Written in the same D1 batch as the click
-- counts, under the same click_flushes watermark guard, so a retried flush never counts a view twice.
-- Nothing here identifies a visitor: which page, which hour, how many (docs/storage.md).
CREATE TABLE view_counts (
  page_id TEXT NOT NULL,
  hour INTEGER NOT NULL,
  views INTEGER NOT NULL,
  PRIMARY KEY (page_id, hour)
) WITHOUT ROWID;
