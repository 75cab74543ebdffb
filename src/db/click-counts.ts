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
  opts: { dimensions: boolean; utcDays?: boolean } = { dimensions: true },
): Promise<StoredCounts> {
  let fromDay = Math.ceil(fromHour / 24);
  const toDay = Math.max(fromDay, Math.floor(toHour / 24));
  if (fromDay * 24 > toHour) fromDay = toDay; // no whole day inside: edges only
  // Each edge lies within one UTC day. When that day has no clicks outside the edge (typically the
  // current day of a range ending now), its click_days rows are the edge's totals: read those instead.
  const left = [fromHour, Math.min(fromDay * 24, toHour), Math.floor(fromHour / 24)];
  const right = [Math.max(toDay * 24, fromHour), toHour, toDay];
  const edge = (a: number, b: number, d: number, col: string) => {
    const outside = `(EXISTS (SELECT 1 FROM click_hours WHERE page_id = ?1 AND hour >= ?${d} * 24 AND hour < ?${a})
      OR EXISTS (SELECT 1 FROM click_hours WHERE page_id = ?1 AND hour >= ?${b} AND hour < ?${d} * 24 + 24))`;
    return `UNION ALL SELECT ${col}, clicks FROM click_days WHERE page_id = ?1 AND day = ?${d} AND ?${a} < ?${b} AND NOT ${outside}
      UNION ALL SELECT ${col}, clicks FROM click_counts WHERE page_id = ?1 AND hour >= ?${a} AND hour < ?${b} AND ${outside}`;
  };
  const by = (col: string) =>
    db
      .prepare(
        `SELECT key, SUM(clicks) AS clicks FROM (
           SELECT ${col} AS key, clicks FROM click_days WHERE page_id = ?1 AND day >= ?2 AND day < ?3
           ${edge(4, 5, 6, col)}
           ${edge(7, 8, 9, col)}
         ) GROUP BY key`,
      )
      .bind(pageId, fromDay, toDay, ...left, ...right);
  const statements = [
    by("link_id"),
    opts.utcDays
      ? db.prepare("SELECT hour / 24 * 24 AS key, SUM(clicks) AS clicks FROM click_hours WHERE page_id = ? AND hour >= ? AND hour < ? GROUP BY hour / 24").bind(pageId, fromHour, toHour)
      : db.prepare("SELECT hour AS key, clicks FROM click_hours WHERE page_id = ? AND hour >= ? AND hour < ?").bind(pageId, fromHour, toHour),
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
