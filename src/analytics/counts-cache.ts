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

// Bounded by rows, not entries: a 400-day hourly range or a pro page's many referrers is a big entry.
const MAX_ROWS = 100_000; // about 10 MB of small row objects at most, well inside an isolate's 128 MB
const MAX_ENTRY_ROWS = 20_000; // bigger answers are not kept at all

const cache = new Map<string, { counts: StoredCounts; rows: number }>(); // insertion order = least recently used first
let cachedRows = 0;

const rowsOf = (c: StoredCounts) => c.byLink.length + c.byHour.length + c.byCountry.length + c.byReferrer.length;

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
  if (hit) {
    cache.delete(key);
    cachedRows -= hit.rows;
  }
  if (hit && hit.counts.watermark >= flushedSeq) {
    remember(key, hit);
    return hit.counts;
  }
  const counts = await readCounts(db, pageId, fromHour, toHour, opts);
  const rows = rowsOf(counts);
  if (rows <= MAX_ENTRY_ROWS) remember(key, { counts, rows });
  return counts;
}

function remember(key: string, entry: { counts: StoredCounts; rows: number }): void {
  const old = cache.get(key); // a concurrent miss for the same key stored one meanwhile
  if (old) cachedRows -= old.rows;
  cache.set(key, entry);
  cachedRows += entry.rows;
  for (const [k, e] of cache) {
    if (cachedRows <= MAX_ROWS) break;
    cache.delete(k);
    cachedRows -= e.rows;
  }
}
