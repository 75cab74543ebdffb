// What one isolate remembers between analytics reads (docs/performance.md#what-we-changed-for-speed, 5):
// a dashboard asks again for the same range after every live click, and then pays for the DO's
// buffer read, not for the D1 query.
import type { StoredCounts } from "../db/click-counts";
import type { RowAccess } from "../db/range-counts";

/** Which D1 read a snapshot is: the page, the hours, and the statements' options. */
export interface SnapshotKey {
  pageId: string;
  fromHour: number;
  toHour: number;
  /** Countries and referrers read too (a pro page). */
  dimensions: boolean;
  utcDays: boolean;
}

/** Who asked for which slug, and what that slug was last time: for the API's first D1 batch. */
export interface PageSeen {
  id: string;
  pro: boolean;
}

export const SNAPSHOT_LIMITS = { maxRows: 100_000, maxEntryRows: 20_000, maxPages: 10_000 };

const rowsOf = (c: StoredCounts) => c.byLink.length + c.byHour.length + c.viewsByHour.length + c.byCountry.length + c.byReferrer.length;
const keyOf = (k: SnapshotKey) => `${k.pageId}|${k.fromHour}|${k.toHour}|${k.dimensions}|${k.utcDays}`;
const callerOf = (slug: string, access: RowAccess) => `${slug}|${"ownerId" in access ? `u:${access.ownerId}` : `c:${access.claimTokenHash}`}`;

/**
 * D1 snapshots of a page's counts, and the pages callers asked for. Invariants:
 *
 * 1. A snapshot is D1's counts for one SnapshotKey read in one transaction, at the page's flush
 *    watermark W (click_flushes.seq). D1's counts for a page change only by flushes, each moving W.
 * 2. It is exact together with a DO buffer read whose confirmed watermark (`flushedSeq`) is ≤ W: the
 *    DO deletes nothing above flushedSeq, so the buffer still holds every click above W, and the
 *    merge adds exactly those (analytics/merge-counts.ts). `usable` is that test; a snapshot that
 *    fails it is read again, never patched. (A page with click shards is always read again: a
 *    shard's flush does not move W.)
 * 3. A key's snapshot is only replaced by one at a watermark ≥ its own (two reads in flight).
 * 4. Bounded by rows, not entries: at most `maxRows` rows in all (about 10 MB of small objects,
 *    well inside an isolate's 128 MB), none kept over `maxEntryRows`; least recently used go first.
 * 5. `pageSeen` is only a guess, keyed by slug *and* caller so a caller without access never takes
 *    the faster path: it picks the statements the API starts before the page's row is read. The row
 *    (its id) and the DO (its plan) decide what is used; a wrong guess costs one more read.
 */
export class AnalyticsSnapshots {
  #snapshots = new Map<string, { counts: StoredCounts; rows: number }>(); // insertion order = least recently used first
  #rows = 0;
  #pages = new Map<string, PageSeen>();
  #limits: typeof SNAPSHOT_LIMITS;

  constructor(limits = SNAPSHOT_LIMITS) {
    this.#limits = limits;
  }

  /** May `counts` be merged with a buffer read whose confirmed flush watermark is `flushedSeq`? (invariant 2) */
  static usable(counts: StoredCounts, flushedSeq: number): boolean {
    return counts.watermark >= flushedSeq;
  }

  /** The remembered snapshot for `k`, if any (check it with `usable`). */
  get(k: SnapshotKey): StoredCounts | null {
    const key = keyOf(k);
    const hit = this.#snapshots.get(key);
    if (hit) this.#put(key, hit); // most recently used
    return hit?.counts ?? null;
  }

  /** Remember a snapshot just read from D1. */
  keep(k: SnapshotKey, counts: StoredCounts): void {
    const rows = rowsOf(counts);
    const old = this.#snapshots.get(keyOf(k));
    if (rows <= this.#limits.maxEntryRows && (!old || old.counts.watermark <= counts.watermark)) this.#put(keyOf(k), { counts, rows });
  }

  /** The rows held in all (for tests of the bound). */
  get rows(): number {
    return this.#rows;
  }

  /** What `slug` was when this caller last read it, if this isolate remembers. */
  pageSeen(slug: string, access: RowAccess): PageSeen | undefined {
    return this.#pages.get(callerOf(slug, access));
  }

  /** Note what `slug` was for this caller (its row's id, its DO's plan). */
  notePage(slug: string, access: RowAccess, seen: PageSeen): void {
    const key = callerOf(slug, access);
    this.#pages.delete(key);
    this.#pages.set(key, seen);
    if (this.#pages.size > this.#limits.maxPages) this.#pages.delete(this.#pages.keys().next().value!);
  }

  #put(key: string, entry: { counts: StoredCounts; rows: number }): void {
    const old = this.#snapshots.get(key);
    if (old) {
      this.#snapshots.delete(key);
      this.#rows -= old.rows;
    }
    this.#snapshots.set(key, entry);
    this.#rows += entry.rows;
    for (const [k, e] of this.#snapshots) {
      if (this.#rows <= this.#limits.maxRows) break;
      this.#snapshots.delete(k);
      this.#rows -= e.rows;
    }
  }
}
