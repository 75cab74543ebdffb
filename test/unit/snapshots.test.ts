// analytics/snapshots.ts: the invariants its doc comment states — usable only with a buffer read at
// or below the snapshot's watermark, never replaced by an older snapshot, bounded by rows.
import { describe, expect, it } from "vitest";
import type { StoredCounts } from "../../src/db/click-counts";
import { AnalyticsSnapshots, type SnapshotKey } from "../../src/analytics/snapshots";

const counts = (watermark: number, rows = 1): StoredCounts => ({
  byLink: Array.from({ length: rows }, (_, i) => ({ key: `ln_${i}`, clicks: 1 })),
  byHour: [],
  viewsByHour: [],
  byCountry: [],
  byReferrer: [],
  watermark,
  shardWatermarks: {},
});
const key = (pageId: string, o: Partial<SnapshotKey> = {}): SnapshotKey => ({ pageId, fromHour: 0, toHour: 24, dimensions: false, utcDays: false, ...o });

describe("AnalyticsSnapshots", () => {
  it("is usable with a buffer whose confirmed flush is at or below the snapshot's watermark", () => {
    expect(AnalyticsSnapshots.usable(counts(5), 5)).toBe(true);
    expect(AnalyticsSnapshots.usable(counts(5), 4)).toBe(true);
    expect(AnalyticsSnapshots.usable(counts(5), 6)).toBe(false);
  });

  it("keeps a snapshot per key, and never replaces one by an older", () => {
    const s = new AnalyticsSnapshots();
    s.keep(key("a"), counts(3));
    expect(s.get(key("a"))?.watermark).toBe(3);
    expect(s.get(key("a", { dimensions: true }))).toBeNull();
    s.keep(key("a"), counts(2));
    expect(s.get(key("a"))?.watermark).toBe(3);
    s.keep(key("a"), counts(4));
    expect(s.get(key("a"))?.watermark).toBe(4);
  });

  it("holds at most maxRows rows, dropping the least recently used, and nothing over maxEntryRows", () => {
    const s = new AnalyticsSnapshots({ maxRows: 10, maxEntryRows: 6, maxPages: 2 });
    s.keep(key("big"), counts(1, 7));
    expect(s.get(key("big"))).toBeNull();
    s.keep(key("a"), counts(1, 4));
    s.keep(key("b"), counts(1, 4));
    s.get(key("a")); // a is now more recently used than b
    s.keep(key("c"), counts(1, 4));
    expect(s.rows).toBe(8);
    expect(s.get(key("b"))).toBeNull();
    expect(s.get(key("a"))).not.toBeNull();
    expect(s.get(key("c"))).not.toBeNull();
  });

  it("remembers pages per slug and caller, a bounded number of them", () => {
    const s = new AnalyticsSnapshots({ maxRows: 10, maxEntryRows: 6, maxPages: 2 });
    s.notePage("shop", { ownerId: "u1" }, { id: "pg_1", pro: true });
    expect(s.pageSeen("shop", { ownerId: "u1" })).toEqual({ id: "pg_1", pro: true });
    expect(s.pageSeen("shop", { ownerId: "u2" })).toBeUndefined();
    expect(s.pageSeen("shop", { claimTokenHash: "u1" })).toBeUndefined();
    s.notePage("a", { ownerId: "u1" }, { id: "pg_a", pro: false });
    s.notePage("b", { ownerId: "u1" }, { id: "pg_b", pro: false });
    expect(s.pageSeen("shop", { ownerId: "u1" })).toBeUndefined();
  });
});
