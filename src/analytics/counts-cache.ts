// Per-isolate memory of D1 click aggregates, so a dashboard asking again for the same range (it does
// after every live click) pays for the DO's buffer and not for the D1 query.
//
// Why it is never wrong: D1's aggregates for a page (clicks and views) change only by flushes, each moving the page's
// watermark, and a snapshot is used with a buffer read that holds every click above the watermark
// the DO has confirmed (flushed_seq; it deletes nothing above it). A snapshot taken at watermark S
// plus the buffered clicks with seq > S is therefore the exact count as long as S ≥ flushed_seq —
// the same merge rule as a fresh snapshot (analytics/report.ts), whichever of the two was read
// first. Once a later flush is confirmed (flushed_seq > S), the snapshot is missing clicks the
// buffer no longer has, and it is re-read (`usable`).
import { readCounts, type StoredCounts } from "../db/click-counts";

// Bounded by rows, not entries: a 400-day hourly range or a pro page's many referrers is a big entry.
const MAX_ROWS = 100_000; // about 10 MB of small row objects at most, well inside an isolate's 128 MB
const MAX_ENTRY_ROWS = 20_000; // bigger answers are not kept at all

const cache = new Map<string, { counts: StoredCounts; rows: number }>(); // insertion order = least recently used first
let cachedRows = 0;

const rowsOf = (c: StoredCounts) => c.byLink.length + c.byHour.length + c.viewsByHour.length + c.byCountry.length + c.byReferrer.length;

export interface CountsKey {
  pageId: string;
  fromHour: number;
  toHour: number;
  dimensions: boolean;
  utcDays: boolean;
}

/** A snapshot may be merged with a buffer read whose confirmed flush watermark is `flushedSeq`. */
export const usable = (counts: StoredCounts, flushedSeq: number) => counts.watermark >= flushedSeq;

/** The remembered snapshot for `k`, if any. Check it with `usable`. */
export function peekCounts(k: CountsKey): StoredCounts | null {
  const hit = cache.get(keyOf(k));
  if (hit) remember(keyOf(k), hit); // most recently used
  return hit?.counts ?? null;
}

/** The remembered snapshot for `k`, else a fresh one from D1 (remembered). Check it with `usable`. */
export async function cachedCounts(db: D1Database, k: CountsKey): Promise<StoredCounts> {
  return peekCounts(k) ?? freshCounts(db, k);
}

/** A snapshot read from D1 now (and remembered). */
export async function freshCounts(db: D1Database, k: CountsKey): Promise<StoredCounts> {
  const counts = await readCounts(db, k.pageId, k.fromHour, k.toHour, { dimensions: k.dimensions, utcDays: k.utcDays });
  rememberCounts(k, counts);
  return counts;
}

/** Keep a snapshot read elsewhere (with the page's row, range-counts.ts readPageAndCounts). */
export function rememberCounts(k: CountsKey, counts: StoredCounts): void {
  const rows = rowsOf(counts);
  const old = cache.get(keyOf(k));
  // Two reads of one key in flight: keep the later snapshot.
  if (rows <= MAX_ENTRY_ROWS && (!old || old.counts.watermark <= counts.watermark)) remember(keyOf(k), { counts, rows });
}

const keyOf = (k: CountsKey) => `${k.pageId}|${k.fromHour}|${k.toHour}|${k.dimensions}|${k.utcDays}`;

function remember(key: string, entry: { counts: StoredCounts; rows: number }): void {
  const old = cache.get(key);
  if (old) {
    cache.delete(key);
    cachedRows -= old.rows;
  }
  cache.set(key, entry);
  cachedRows += entry.rows;
  for (const [k, e] of cache) {
    if (cachedRows <= MAX_ROWS) break;
    cache.delete(k);
    cachedRows -= e.rows;
  }
}
