// D1 access for click aggregates (migrations/0002_click_counts.sql).
import { rangeCountStatements, type RangeOptions } from "./range-counts";

export interface CountRow {
  key: string | number;
  clicks: number;
}

/** Page views in one hour (or the first hour of a UTC day, for a day series). */
export interface ViewRow {
  key: number;
  views: number;
}

export interface StoredCounts {
  byLink: CountRow[];
  byHour: CountRow[];
  /** Page views per hour, or per UTC day when read with `utcDays` (migrations/0014_view_counts.sql). */
  viewsByHour: ViewRow[];
  byCountry: CountRow[];
  byReferrer: CountRow[];
  /** Highest buffer seq already included in these counts (see link-page/flush-pass.ts). */
  watermark: number;
  /** The same per click shard of the page (docs/performance.md#click-shards-built). */
  shardWatermarks: Record<string, number>;
}

/** A page's counts over a range, in one transaction (see range-counts.ts). */
export async function readCounts(
  db: D1Database,
  pageId: string,
  fromHour: number,
  toHour: number,
  opts: RangeOptions = { dimensions: true },
): Promise<StoredCounts> {
  const { statements, parse } = rangeCountStatements(db, { id: pageId }, fromHour, toHour, opts);
  return parse(await db.batch(statements));
}

/** Remove a page's aggregates and flush watermark (page deletion). */
export function deleteCountsStatements(db: D1Database, pageId: string): D1PreparedStatement[] {
  return [
    db.prepare("DELETE FROM click_counts WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM click_hours WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM click_days WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM link_block_totals WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM page_days WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM view_counts WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM click_flushes WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM click_shard_flushes WHERE page_id = ?").bind(pageId),
  ];
}

export interface HourlyCount {
  hour: number;
  link_id: string;
  country: string;
  referrer: string;
  clicks: number;
}

/** Every aggregate row of a page and the flush watermark, in one transaction (data export). */
export async function allCounts(
  db: D1Database,
  pageId: string,
): Promise<{ rows: HourlyCount[]; views: { hour: number; views: number }[]; watermark: number; shardWatermarks: Map<string, number> }> {
  const [rows, wm, views, shardWm] = await db.batch<any>([
    db.prepare("SELECT hour, link_id, country, referrer, clicks FROM click_counts WHERE page_id = ? ORDER BY hour, link_id").bind(pageId),
    db.prepare("SELECT seq FROM click_flushes WHERE page_id = ?").bind(pageId),
    db.prepare("SELECT hour, views FROM view_counts WHERE page_id = ? ORDER BY hour").bind(pageId),
    db.prepare("SELECT shard, seq FROM click_shard_flushes WHERE page_id = ?").bind(pageId),
  ]);
  return {
    rows: rows!.results as HourlyCount[],
    views: views!.results as { hour: number; views: number }[],
    watermark: (wm!.results[0] as { seq: number } | undefined)?.seq ?? 0,
    shardWatermarks: new Map((shardWm!.results as { shard: string; seq: number }[]).map((r) => [r.shard, r.seq])),
  };
}
