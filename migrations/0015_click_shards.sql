-- Click shards of a hot page (docs/performance.md#serving-10-the-per-do-click-rate): each shard DO
-- buffers clicks and flushes them into click_counts with its own watermark, kept here per page and
-- shard, written in the same D1 batch as the increments (link-page/flush.ts), so a retried shard flush
-- never counts twice. The page DO's own watermark stays in click_flushes, which every reader of the
-- page's watermark already reads.
CREATE TABLE click_shard_flushes (
  page_id TEXT NOT NULL,
  shard TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (page_id, shard)
) WITHOUT ROWID;
