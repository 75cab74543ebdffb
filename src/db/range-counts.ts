// The D1 statements of one analytics read: a page's clicks over [fromHour, toHour) per link, per
// hour or day, and (pro pages) per country and referrer, its page views per hour or day, plus the flush watermark — run as one batch,
// one transaction, so they are a consistent snapshot. Rollups: migrations/0007_click_rollups.sql,
// 0009_link_block_totals.sql.
//
// The page is named by id, or by slug and the caller's access (a subquery on pages that finds no
// page unless the caller owns it, or holds its claim token): the API then reads the page's index row
// in the same batch, one D1 round trip for the access check and the counts (readPageAndCounts), and
// a caller without access gets no counts read at all — not even into memory it never answers with.
//
// Parameters: ?1 the page id or slug, ?2 the access value (NULL by id), the statement's own from ?3.
import type { CountRow, StoredCounts, ViewRow } from "./stored-counts";
import { findPageStatement, type PageIndexRow } from "./pages";

/** What the caller proved: an account (owner id), or an unclaimed page's claim token (its hash). */
export type RowAccess = { ownerId: string } | { claimTokenHash: string };
export type PageRef = { id: string } | { slug: string; access: RowAccess };

export interface RangeOptions {
  /** Countries and referrers too (pro pages). */
  dimensions: boolean;
  /** A day series in UTC, starting at a UTC midnight: read whole days from page_days. */
  utcDays?: boolean;
  /**
   * The watermark of a snapshot the caller already holds: the counts are read only if D1's has moved
   * past it (else they come back empty, with D1's watermark, and the caller keeps its snapshot).
   */
  unlessWatermark?: number;
}

function pageExpression(ref: PageRef): string {
  if ("id" in ref) return "?1";
  const allowed = "ownerId" in ref.access ? "owner_id = ?2" : "owner_id IS NULL AND claim_token_hash = ?2";
  return `(SELECT id FROM pages WHERE slug = ?1 AND ${allowed})`;
}

/** link_block_totals keeps running totals per link at the end of each block of this many hours (0009). */
const BLOCK_HOURS = 4;

/**
 * The clicks per link before `hour` as rows to sum: a block's running totals (link_block_totals) plus the
 * hours from the previous block's end to `hour`, or minus those from `hour` to its own block's end —
 * whichever reads fewer hours of click_counts (at most 2). Hours after `nowHour` + 1 hold no clicks
 * yet, so a range ending now subtracts nothing. (Both ways are exact; the clock only picks the
 * cheaper.) `sign` −1 subtracts it all. Parameters ?p … ?p+3.
 */
function totalsBefore(page: string, hour: number, sign: 1 | -1, p: number, nowHour: number) {
  const block = Math.floor(hour / BLOCK_HOURS);
  const start = block * BLOCK_HOURS;
  const forward = hour - start;
  const back = Math.max(0, Math.min(start + BLOCK_HOURS, nowHour + 2) - hour);
  const [totalsBlock, from, to, hoursSign] = forward <= back ? [block - 1, start, hour, 1] : [block, hour, start + BLOCK_HOURS, -1];
  return {
    sql: `SELECT link_id, clicks * ?${p + 3} AS clicks FROM link_block_totals
            WHERE page_id = ${page} AND block = (SELECT MAX(block) FROM link_block_totals WHERE page_id = ${page} AND block <= ?${p})
          UNION ALL SELECT link_id, clicks * ?${p + 3} * ${hoursSign} FROM click_counts WHERE page_id = ${page} AND hour >= ?${p + 1} AND hour < ?${p + 2}`,
    params: [totalsBlock, from, to, sign],
  };
}

/** Clicks per link: the totals before `toHour` minus those before `fromHour`. */
function byLink(db: D1Database, page: string, lead: unknown[], fromHour: number, toHour: number): D1PreparedStatement {
  const nowHour = Math.floor(Date.now() / 3_600_000);
  const end = totalsBefore(page, toHour, 1, 3, nowHour);
  const start = totalsBefore(page, fromHour, -1, 7, nowHour);
  return db
    .prepare(`SELECT link_id AS key, SUM(clicks) AS clicks FROM (${end.sql} UNION ALL ${start.sql}) GROUP BY link_id HAVING SUM(clicks) > 0`)
    .bind(...lead, ...end.params, ...start.params);
}

/** Clicks per hour; or per UTC day: whole days from page_days, the last day's hours from click_hours. */
function series(db: D1Database, page: string, lead: unknown[], fromHour: number, toHour: number, utcDays: boolean): D1PreparedStatement {
  if (!utcDays) return db.prepare(`SELECT hour AS key, clicks FROM click_hours WHERE page_id = ${page} AND hour >= ?3 AND hour < ?4`).bind(...lead, fromHour, toHour);
  return db
    .prepare(
      `SELECT day * 24 AS key, clicks FROM page_days WHERE page_id = ${page} AND day >= ?3 AND day < ?4
       UNION ALL SELECT ?4 * 24, SUM(clicks) FROM click_hours WHERE page_id = ${page} AND hour >= ?4 * 24 AND hour < ?5 HAVING COUNT(*) > 0`,
    )
    .bind(...lead, fromHour / 24, Math.floor(toHour / 24), toHour);
}

/** Page views per hour; or per UTC day (summed from the hours: a page has at most 24 rows a day). */
function views(db: D1Database, page: string, lead: unknown[], fromHour: number, toHour: number, utcDays: boolean): D1PreparedStatement {
  const key = utcDays ? "(hour / 24) * 24" : "hour";
  return db
    .prepare(`SELECT ${key} AS key, SUM(views) AS views FROM view_counts WHERE page_id = ${page} AND hour >= ?3 AND hour < ?4 GROUP BY 1`)
    .bind(...lead, fromHour, toHour);
}

/**
 * Clicks per country or referrer: whole UTC days from click_days, plus the partial days at either
 * edge hour by hour from click_counts.
 */
function byDimension(db: D1Database, page: string, lead: unknown[], fromHour: number, toHour: number, dim: "country" | "referrer") {
  // Clicks made while the page was Free have country '' (a pro click always has one, 'XX' if unknown):
  // their referrer was not recorded either, so it reads NULL, not '' ("direct").
  const col = dim === "country" ? "country" : "CASE WHEN country = '' THEN NULL ELSE referrer END";
  let fromDay = Math.ceil(fromHour / 24);
  const toDay = Math.max(fromDay, Math.floor(toHour / 24));
  if (fromDay * 24 > toHour) fromDay = toDay; // no whole day inside: edges only
  // Each edge lies within one UTC day. When that day has no clicks outside the edge (typically the
  // current day of a range ending now), its click_days rows are the edge's totals: read those instead.
  const left = [fromHour, Math.min(fromDay * 24, toHour), Math.floor(fromHour / 24)];
  const right = [Math.max(toDay * 24, fromHour), toHour, toDay];
  const edge = (a: number, b: number, d: number) => {
    const outside = `(EXISTS (SELECT 1 FROM click_hours WHERE page_id = ${page} AND hour >= ?${d} * 24 AND hour < ?${a})
      OR EXISTS (SELECT 1 FROM click_hours WHERE page_id = ${page} AND hour >= ?${b} AND hour < ?${d} * 24 + 24))`;
    return `UNION ALL SELECT ${col}, clicks FROM click_days WHERE page_id = ${page} AND day = ?${d} AND ?${a} < ?${b} AND NOT ${outside}
      UNION ALL SELECT ${col}, clicks FROM click_counts WHERE page_id = ${page} AND hour >= ?${a} AND hour < ?${b} AND ${outside}`;
  };
  return db
    .prepare(
      `SELECT key, SUM(clicks) AS clicks FROM (
         SELECT ${col} AS key, clicks FROM click_days WHERE page_id = ${page} AND day >= ?3 AND day < ?4
         ${edge(5, 6, 7)}
         ${edge(8, 9, 10)}
       ) GROUP BY key`,
    )
    .bind(...lead, fromDay, toDay, ...left, ...right);
}

/** The statements, and how to read their results (in the same order) back into StoredCounts. */
export function rangeCountStatements(db: D1Database, ref: PageRef, fromHour: number, toHour: number, opts: RangeOptions) {
  const page = pageExpression(ref);
  // Guarded by D1's watermark when the caller holds a snapshot: a page expression that is NULL when
  // nothing changed, so the statements find no rows instead of reading them.
  const counted =
    opts.unlessWatermark === undefined
      ? page
      : `(CASE WHEN COALESCE((SELECT seq FROM click_flushes WHERE page_id = ${page}), 0) > ${Math.trunc(opts.unlessWatermark)} THEN ${page} END)`;
  const lead = "id" in ref ? [ref.id, null] : [ref.slug, "ownerId" in ref.access ? ref.access.ownerId : ref.access.claimTokenHash];
  const statements = [
    byLink(db, counted, lead, fromHour, toHour),
    series(db, counted, lead, fromHour, toHour, opts.utcDays ?? false),
    // By id this statement has no ?2 to bind.
    db.prepare(`SELECT seq FROM click_flushes WHERE page_id = ${page}`).bind(...("id" in ref ? [ref.id] : lead)),
    views(db, counted, lead, fromHour, toHour, opts.utcDays ?? false),
    // Each click shard's watermark (migrations/0015_click_shards.sql), read in the same transaction.
    db.prepare(`SELECT shard, seq FROM click_shard_flushes WHERE page_id = ${page}`).bind(...("id" in ref ? [ref.id] : lead)),
    ...(opts.dimensions ? [byDimension(db, counted, lead, fromHour, toHour, "country"), byDimension(db, counted, lead, fromHour, toHour, "referrer")] : []),
  ];
  const parse = (results: D1Result[]): StoredCounts => {
    const [links, hours, wm, viewRows, shardWms, countries, referrers] = results.map((r) => r.results as CountRow[]);
    return {
      byLink: links!,
      byHour: hours!,
      viewsByHour: viewRows as unknown as ViewRow[],
      byCountry: countries ?? [],
      byReferrer: referrers ?? [],
      watermark: (wm![0] as unknown as { seq: number } | undefined)?.seq ?? 0,
      shardWatermarks: Object.fromEntries((shardWms as unknown as { shard: string; seq: number }[]).map((r) => [r.shard, r.seq])),
    };
  };
  return { statements, parse };
}

/**
 * A page's index row (with its owner's plan) and its counts over a range, by slug, in one batch —
 * one transaction, so the counts are the row's page's. The counts are read only if `access` allows
 * the page (else they are empty, and the caller's own check on the row refuses); they have
 * countries and referrers only if `dimensions` (the caller's guess of the owner's plan).
 */
export async function readPageAndCounts(
  db: D1Database,
  page: { slug: string; access: RowAccess },
  fromHour: number,
  toHour: number,
  opts: RangeOptions,
) {
  const { statements, parse } = rangeCountStatements(db, page, fromHour, toHour, opts);
  const [row, ...rest] = await db.batch([findPageStatement(db, page.slug), ...statements]);
  return { row: (row!.results[0] as PageIndexRow | undefined) ?? null, counts: parse(rest) };
}
