// D1 access for click aggregates (migrations/0002_click_counts.sql).

export interface CountRow {
  key: string | number;
  clicks: number;
}

export interface StoredCounts {
  byLink: CountRow[];
  byHour: CountRow[];
  byCountry: CountRow[];
  byReferrer: CountRow[];
  /** Highest buffer seq already included in these counts (see link-page/flush.ts). */
  watermark: number;
}

/** One D1 batch — one transaction — so the aggregates and the watermark are a consistent snapshot. */
export async function readCounts(db: D1Database, pageId: string, fromHour: number, toHour: number): Promise<StoredCounts> {
  const where = "WHERE page_id = ? AND hour >= ? AND hour < ?";
  const by = (col: string) =>
    db.prepare(`SELECT ${col} AS key, SUM(clicks) AS clicks FROM click_counts ${where} GROUP BY ${col}`).bind(pageId, fromHour, toHour);
  const [byLink, byHour, byCountry, byReferrer, wm] = await db.batch<any>([
    by("link_id"),
    by("hour"),
    by("country"),
    by("referrer"),
    db.prepare("SELECT seq FROM click_flushes WHERE page_id = ?").bind(pageId),
  ]);
  return {
    byLink: byLink!.results,
    byHour: byHour!.results,
    byCountry: byCountry!.results,
    byReferrer: byReferrer!.results,
    watermark: (wm!.results[0] as { seq: number } | undefined)?.seq ?? 0,
  };
}

/** Remove a page's aggregates and flush watermark (page deletion). */
export function deleteCountsStatements(db: D1Database, pageId: string): D1PreparedStatement[] {
  return [
    db.prepare("DELETE FROM click_counts WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM click_flushes WHERE page_id = ?").bind(pageId),
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
export async function allCounts(db: D1Database, pageId: string): Promise<{ rows: HourlyCount[]; watermark: number }> {
  const [rows, wm] = await db.batch<any>([
    db.prepare("SELECT hour, link_id, country, referrer, clicks FROM click_counts WHERE page_id = ? ORDER BY hour, link_id").bind(pageId),
    db.prepare("SELECT seq FROM click_flushes WHERE page_id = ?").bind(pageId),
  ]);
  return { rows: rows!.results as HourlyCount[], watermark: (wm!.results[0] as { seq: number } | undefined)?.seq ?? 0 };
}
