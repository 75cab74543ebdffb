// Per-isolate memory of D1 click aggregates, so a dashboard asking again for the same range (it does
// after every live click) pays for the DO's buffer and not for the D1 query.
//
// Why it is never wrong: D1's aggregates for a page change only by flushes, each moving the page's
// watermark, and a snapshot is used with a buffer read that holds every click above the watermark
// the DO has confirmed (flushed_seq; it deletes nothing above it). A snapshot taken at watermark S
// plus the buffered clicks with seq > S is therefore the exact count as long as S ≥ flushed_seq —
// the same merge rule as a fresh snapshot (analytics/report.ts). Once a later flush is confirmed
// (flushed_seq > S), the snapshot is missing clicks the buffer no longer has, and it is re-read.
import { readCounts, type StoredCounts } from "../db/click-counts";

const MAX_ENTRIES = 256; // a few MB at most: a 400-day range of 100 links is ~40,000 small rows

const cache = new Map<string, StoredCounts>(); // insertion order = least recently used first

export async function cachedCounts(
  db: D1Database,
  pageId: string,
  fromHour: number,
  toHour: number,
  opts: { dimensions: boolean; utcDays: boolean },
  flushedSeq: number,
): Promise<StoredCounts> {
  const key = `${pageId}|${fromHour}|${toHour}|${opts.dimensions}|${opts.utcDays}`;
  const hit = cache.get(key);
  cache.delete(key);
  if (hit && hit.watermark >= flushedSeq) {
    cache.set(key, hit);
    return hit;
  }
  const fresh = await readCounts(db, pageId, fromHour, toHour, opts);
  cache.set(key, fresh);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return fresh;
}
