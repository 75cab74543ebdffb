// Step 3 of an analytics read (analytics/page-analytics.ts): D1's stored counts plus the clicks and
// views still buffered in the page's DO (and its click shards) that D1 does not include yet. Pure:
// no I/O, unit-tested in test/unit/merge-counts.test.ts.
import type { StoredCounts } from "../db/click-counts";
import type { BufferedAnalytics } from "../link-page/link-page";
import { HOUR_MS, hourOf } from "../lib/time";
import type { Analytics } from "../schemas/analytics";
import { bucketize } from "./buckets";
import type { HourRange } from "./hour-range";

type BufferedClick = BufferedAnalytics["clicks"][number];
type BufferedViews = BufferedAnalytics["views"][number];

export interface MergeInput extends HourRange {
  stored: StoredCounts;
  buffered: BufferedAnalytics;
}

/** The flush watermarks D1's counts were read at: the page's, and each click shard's. */
export type Watermarks = Pick<StoredCounts, "watermark" | "shardWatermarks">;

/**
 * The buffered clicks D1's counts do not include: the page's above its watermark, each shard's above
 * that shard's own (docs/performance.md#click-shards-built). Rows at or below a watermark were
 * counted by a flush whose local delete has not happened yet.
 */
export function* unflushedClicks(buffered: Pick<BufferedAnalytics, "clicks" | "shards">, stored: Watermarks): Generator<BufferedClick> {
  for (const c of buffered.clicks) if (c.seq > stored.watermark) yield c;
  for (const shard of buffered.shards) {
    const counted = stored.shardWatermarks[shard.name] ?? 0;
    for (const c of shard.clicks) if (c.seq > counted) yield c;
  }
}

/** The buffered page-view batches D1's counts do not include (views share the page's watermark). */
export const unflushedViews = (buffered: Pick<BufferedAnalytics, "views">, stored: Watermarks): BufferedViews[] =>
  buffered.views.filter((v) => v.seq > stored.watermark);

const add = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n);
const sortDesc = <T extends { clicks: number }>(xs: T[]) => xs.sort((a, b) => b.clicks - a.clicks);

/** Click-through rate: clicks ÷ views, to 4 decimals; null with no views (docs/analytics.md#ctr). */
export const ctrOf = (clicks: number, views: number): number | null => (views > 0 ? Math.round((clicks / views) * 10_000) / 10_000 : null);

// Dimension keys as stored: a click made while the page was Free has country '' and no referrer
// (range-counts.ts reads its referrer as NULL); a Pro click has a country ('XX' when unknown; older
// rows may say 'T1') and referrer '' when direct.
const NOT_RECORDED = "\u0000free";
const countryKey = (c: string | null) => (!c ? NOT_RECORDED : c === "T1" ? "XX" : c);
const referrerKey = (r: string | null) => (r === null ? NOT_RECORDED : r);

/** The analytics report: D1's counts with the unflushed buffered clicks and views in the range added. */
export function mergeCounts(input: MergeInput): Analytics {
  const { stored, buffered, tz } = input;
  const byLink = new Map<string, number>();
  const byHour = new Map<number, number>();
  const viewsByHour = new Map<number, number>();
  const byCountry = new Map<string, number>();
  const byReferrer = new Map<string, number>();
  for (const r of stored.byLink) add(byLink, String(r.key), r.clicks);
  for (const r of stored.byHour) add(byHour, Number(r.key), r.clicks);
  for (const r of stored.viewsByHour) add(viewsByHour, Number(r.key), r.views);
  for (const r of stored.byCountry) add(byCountry, countryKey(r.key as string | null), r.clicks);
  for (const r of stored.byReferrer) add(byReferrer, referrerKey(r.key as string | null), r.clicks);
  const inRange = (h: number) => h >= input.fromHour && h < input.toHour;
  for (const { linkId, at, country, referrer } of unflushedClicks(buffered, stored)) {
    const h = hourOf(at);
    if (!inRange(h)) continue;
    add(byLink, linkId, 1);
    add(byHour, h, 1);
    add(byCountry, countryKey(country), 1);
    add(byReferrer, country ? referrer : NOT_RECORDED, 1);
  }
  for (const { at, n } of unflushedViews(buffered, stored)) {
    const h = hourOf(at);
    if (inRange(h)) add(viewsByHour, h, n);
  }

  const { starts, bucketOf } = bucketize(input.fromHour, input.toHour, input.granularity, tz);
  const clicksIn = new Map<number, number>(starts.map((s) => [s, 0]));
  const viewsIn = new Map<number, number>(starts.map((s) => [s, 0]));
  for (const [series, from] of [
    [clicksIn, byHour],
    [viewsIn, viewsByHour],
  ] as const) {
    for (const [h, n] of from) {
      const b = bucketOf.get(h);
      if (b !== undefined) series.set(b, series.get(b)! + n);
    }
  }

  const totalViews = [...viewsIn.values()].reduce((a, b) => a + b, 0);
  const totalClicks = [...byLink.values()].reduce((a, b) => a + b, 0);
  const titles = new Map(buffered.links.map((l) => [l.id, l.title]));
  const links = buffered.links.map((l) => ({ linkId: l.id, title: l.title, clicks: byLink.get(l.id) ?? 0 }));
  for (const [id, clicks] of byLink) if (!titles.has(id)) links.push({ linkId: id, title: "(deleted link)", clicks });

  const report: Analytics = {
    from: new Date(input.fromHour * HOUR_MS).toISOString(),
    to: new Date(input.toHour * HOUR_MS).toISOString(),
    granularity: input.granularity,
    timeZone: tz,
    totals: { clicks: totalClicks, views: totalViews, ctr: ctrOf(totalClicks, totalViews) },
    links: sortDesc(links).map((l) => ({ ...l, ctr: ctrOf(l.clicks, totalViews) })),
    series: starts.map((h) => ({ t: new Date(h * HOUR_MS).toISOString(), clicks: clicksIn.get(h)!, views: viewsIn.get(h)! })),
  };
  if (buffered.plan === "pro") {
    const rows = <T>(m: Map<string, number>, row: (key: string | null, clicks: number) => T) =>
      [...m].filter(([, n]) => n > 0).map(([k, n]) => (k === NOT_RECORDED ? { ...row(null, n), notRecorded: true as const } : row(k, n)));
    report.countries = sortDesc(rows(byCountry, (country, clicks) => ({ country, clicks })));
    report.referrers = sortDesc(rows(byReferrer, (d, clicks) => ({ domain: d || null, clicks })));
  }
  return report;
}
