// analytics/merge-counts.ts: D1's stored counts plus the DO's buffered clicks and views that D1 does
// not include yet (above the page's watermark; a shard's above its own), bucketed and totalled.
import { describe, expect, it } from "vitest";
import type { StoredCounts } from "../../src/db/click-counts";
import type { BufferedAnalytics } from "../../src/link-page/link-page";
import { mergeCounts, unflushedClicks, unflushedViews } from "../../src/analytics/merge-counts";

const H = 3_600_000;
const base = 20_000 * 24; // an epoch hour at a UTC midnight
const at = (hour: number, minute = 0) => hour * H + minute * 60_000;

const stored = (o: Partial<StoredCounts> = {}): StoredCounts => ({
  byLink: [],
  byHour: [],
  viewsByHour: [],
  byCountry: [],
  byReferrer: [],
  watermark: 0,
  shardWatermarks: {},
  ...o,
});

const buffer = (o: Partial<BufferedAnalytics> = {}): BufferedAnalytics => ({
  pageId: "pg_1",
  plan: "free",
  links: [
    { id: "ln_a", title: "A" },
    { id: "ln_b", title: "B" },
  ],
  clicks: [],
  views: [],
  flushedSeq: 0,
  shards: [],
  ...o,
});

const click = (seq: number, linkId: string, hour: number, country = "", referrer = "") => ({ seq, linkId, at: at(hour, 10), country, referrer });
const hourly = { fromHour: base, toHour: base + 3, granularity: "hour" as const, tz: "UTC" };

describe("unflushed buffered rows", () => {
  it("are the page's above its watermark and each shard's above that shard's own", () => {
    const b = buffer({
      clicks: [click(4, "ln_a", base), click(5, "ln_a", base), click(6, "ln_b", base)],
      views: [{ seq: 5, at: at(base), n: 3 }, { seq: 7, at: at(base), n: 2 }],
      shards: [
        { name: "s1", clicks: [click(1, "ln_a", base), click(2, "ln_b", base)] },
        { name: "s2", clicks: [click(1, "ln_b", base)] },
      ],
    });
    const wm = { watermark: 5, shardWatermarks: { s1: 1 } };
    expect([...unflushedClicks(b, wm)].map((c) => c.seq + c.linkId)).toEqual(["6ln_b", "2ln_b", "1ln_b"]);
    expect(unflushedViews(b, wm).map((v) => v.seq)).toEqual([7]);
  });
});

describe("mergeCounts", () => {
  it("adds buffered clicks and views above the watermark to stored counts, per link and per hour", () => {
    const report = mergeCounts({
      ...hourly,
      stored: stored({
        byLink: [{ key: "ln_a", clicks: 3 }],
        byHour: [{ key: base, clicks: 3 }],
        viewsByHour: [{ key: base + 1, views: 10 }],
        watermark: 5,
      }),
      buffered: buffer({
        clicks: [click(5, "ln_a", base), click(6, "ln_b", base + 2), click(7, "ln_a", base + 1), click(8, "ln_a", base + 3)],
        views: [{ seq: 5, at: at(base), n: 4 }, { seq: 6, at: at(base + 2), n: 10 }],
      }),
    });
    // seq 5 is at the watermark (counted by D1 already); seq 8 is after the range.
    expect(report.totals).toEqual({ clicks: 5, views: 20, ctr: 0.25 });
    expect(report.links).toEqual([
      { linkId: "ln_a", title: "A", clicks: 4, ctr: 0.2 },
      { linkId: "ln_b", title: "B", clicks: 1, ctr: 0.05 },
    ]);
    expect(report.series.map((s) => [s.clicks, s.views])).toEqual([
      [3, 0],
      [1, 10],
      [1, 10],
    ]);
    expect(report.from).toBe(new Date(at(base)).toISOString());
    expect(report.countries).toBeUndefined();
  });

  it("lists a deleted link that still has clicks, and gives no click-through rate without views", () => {
    const report = mergeCounts({ ...hourly, stored: stored({ byLink: [{ key: "ln_gone", clicks: 2 }] }), buffered: buffer() });
    expect(report.links.find((l) => l.linkId === "ln_gone")).toEqual({ linkId: "ln_gone", title: "(deleted link)", clicks: 2, ctr: null });
    expect(report.totals.ctr).toBeNull();
  });

  it("buckets by local day in the time zone", () => {
    // Europe/Paris in January is UTC+1: its days start at 23:00 UTC the evening before.
    const jan = Date.UTC(2026, 0, 15) / H;
    const report = mergeCounts({
      fromHour: jan - 1,
      toHour: jan + 47,
      granularity: "day",
      tz: "Europe/Paris",
      stored: stored(),
      buffered: buffer({ clicks: [click(1, "ln_a", jan - 1), click(2, "ln_a", jan + 22), click(3, "ln_a", jan + 23)] }),
    });
    expect(report.series.map((s) => [s.t, s.clicks])).toEqual([
      ["2026-01-14T23:00:00.000Z", 2],
      ["2026-01-15T23:00:00.000Z", 1],
    ]);
  });

  it("gives a pro page countries and referrer domains, clicks from its free days marked not recorded", () => {
    const report = mergeCounts({
      ...hourly,
      stored: stored({
        byCountry: [{ key: "FR", clicks: 2 }, { key: "", clicks: 1 }, { key: "T1", clicks: 1 }],
        byReferrer: [{ key: "news.example", clicks: 2 }, { key: null as unknown as string, clicks: 1 }, { key: "", clicks: 1 }],
      }),
      buffered: buffer({ plan: "pro", clicks: [click(1, "ln_a", base, "FR", "news.example"), click(2, "ln_a", base)] }),
    });
    expect(report.countries).toEqual([
      { country: "FR", clicks: 3 },
      { country: null, clicks: 2, notRecorded: true },
      { country: "XX", clicks: 1 },
    ]);
    expect(report.referrers).toEqual([
      { domain: "news.example", clicks: 3 },
      { domain: null, clicks: 2, notRecorded: true },
      { domain: null, clicks: 1 },
    ]);
  });
});
