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

/**
 * One D1 batch — one transaction — so the aggregates and the watermark are a consistent snapshot.
 * Per link (and country, referrer): whole UTC days from the click_days rollup, plus the partial days
 * at either edge of the range hour by hour from click_counts; the series from click_hours
 * (migrations/0007_click_rollups.sql). Countries and referrers are read only when asked (pro pages).
 */
export async function readCounts(
  db: D1Database,
  pageId: string,
  fromHour: number,
  toHour: number,
  opts: { dimensions: boolean } = { dimensions: true },
): Promise<StoredCounts> {
  let fromDay = Math.ceil(fromHour / 24);
  const toDay = Math.max(fromDay, Math.floor(toHour / 24));
  if (fromDay * 24 > toHour) fromDay = toDay; // no whole day inside: edges only
  const edges = [
    [fromHour, Math.min(fromDay * 24, toHour)],
    [Math.max(toDay * 24, fromHour), toHour],
  ];
  const by = (col: string) =>
    db
      .prepare(
        `SELECT key, SUM(clicks) AS clicks FROM (
           SELECT ${col} AS key, clicks FROM click_days WHERE page_id = ?1 AND day >= ?2 AND day < ?3
           UNION ALL SELECT ${col}, clicks FROM click_counts WHERE page_id = ?1 AND hour >= ?4 AND hour < ?5
           UNION ALL SELECT ${col}, clicks FROM click_counts WHERE page_id = ?1 AND hour >= ?6 AND hour < ?7
         ) GROUP BY key`,
      )
      .bind(pageId, fromDay, toDay, edges[0]![0], edges[0]![1], edges[1]![0], edges[1]![1]);
  const statements = [
    by("link_id"),
    db.prepare("SELECT hour AS key, clicks FROM click_hours WHERE page_id = ? AND hour >= ? AND hour < ?").bind(pageId, fromHour, toHour),
    db.prepare("SELECT seq FROM click_flushes WHERE page_id = ?").bind(pageId),
    ...(opts.dimensions ? [by("country"), by("referrer")] : []),
  ];
  const [byLink, byHour, wm, byCountry, byReferrer] = await db.batch<any>(statements);
  return {
    byLink: byLink!.results,
    byHour: byHour!.results,
    byCountry: byCountry?.results ?? [],
    byReferrer: byReferrer?.results ?? [],
    watermark: (wm!.results[0] as { seq: number } | undefined)?.seq ?? 0,
  };
}

/** Remove a page's aggregates and flush watermark (page deletion). */
export function deleteCountsStatements(db: D1Database, pageId: string): D1PreparedStatement[] {
  return [
    db.prepare("DELETE FROM click_counts WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM click_hours WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM click_days WHERE page_id = ?").bind(pageId),
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
