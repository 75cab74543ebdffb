// The D1 statements of one analytics read: a page's clicks over [fromHour, toHour) per link, per
// hour or day, and (pro pages) per country and referrer, its page views per hour or day, plus the
// flush watermarks — run as one batch, one transaction, so they are a consistent snapshot.
//
// Most of what is read here is not written by any TypeScript: SQL triggers on click_counts keep the
// rollups in step inside the flush's own statements (link-page/flush-pass.ts writes only click_counts):
//   click_hours, click_days — triggers click_counts_rollup_insert/_update, migrations/0007_click_rollups.sql
//   link_block_totals       — triggers click_counts_totals_insert/_update, migrations/0009_link_block_totals.sql
//   page_days               — triggers click_days_page_days_insert/_update, migrations/0009_link_block_totals.sql
// view_counts (0014_view_counts.sql), click_flushes and click_shard_flushes (0015_click_shards.sql)
// are written by the flushes themselves.
//
// The page is named by id, or by slug and the caller's access (a subquery on pages that finds no
// page unless the caller owns it, or holds its claim token): the API then reads the page's index row
// in the same batch, one D1 round trip for the access check and the counts (readPageAndCounts), and
// a caller without access gets no counts read at all — not even into memory it never answers with.
// Parameters are named (`:slug`, `:fromHour` …; db/named-sql.ts turns them into D1's `?N`).
import type { CountRow, StoredCounts, ViewRow } from "./stored-counts";
import { shapedStatement } from "./named-sql";
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

type Values = Record<string, unknown>;

/** The SQL expression for a page's id (`sql`), a short name for its form (`shape`), and the values it names. */
type Page = { sql: string; shape: string };

function pageExpression(ref: PageRef): { page: Page; values: Values } {
  if ("id" in ref) return { page: { sql: ":pageId", shape: "id" }, values: { pageId: ref.id } };
  if ("ownerId" in ref.access) {
    const sql = "(SELECT id FROM pages WHERE slug = :slug AND owner_id = :ownerId)";
    return { page: { sql, shape: "owner" }, values: { slug: ref.slug, ownerId: ref.access.ownerId } };
  }
  const sql = "(SELECT id FROM pages WHERE slug = :slug AND owner_id IS NULL AND claim_token_hash = :claimTokenHash)";
  return { page: { sql, shape: "claim" }, values: { slug: ref.slug, claimTokenHash: ref.access.claimTokenHash } };
}

/** link_block_totals keeps running totals per link at the end of each block of this many hours (0009). */
const BLOCK_HOURS = 4;

/**
 * The clicks per link before `hour` as rows to sum: a block's running totals (link_block_totals) plus the
 * hours from the previous block's end to `hour`, or minus those from `hour` to its own block's end —
 * whichever reads fewer hours of click_counts (at most 2). Hours after `nowHour` + 1 hold no clicks
 * yet, so a range ending now subtracts nothing. (Both ways are exact; the clock only picks the
 * cheaper.) `sign` −1 subtracts it all. Its parameters are named `:<at>Block` and so on.
 */
function totalsBefore(page: string, hour: number, sign: 1 | -1, at: "end" | "start", nowHour: number) {
  const block = Math.floor(hour / BLOCK_HOURS);
  const start = block * BLOCK_HOURS;
  const forward = hour - start;
  const back = Math.max(0, Math.min(start + BLOCK_HOURS, nowHour + 2) - hour);
  const [totalsBlock, from, to, hoursSign] = forward <= back ? [block - 1, start, hour, 1] : [block, hour, start + BLOCK_HOURS, -1];
  return {
    sql: `SELECT link_id, clicks * :${at}Sign AS clicks FROM link_block_totals
            WHERE page_id = ${page} AND block = (SELECT MAX(block) FROM link_block_totals WHERE page_id = ${page} AND block <= :${at}Block)
          UNION ALL SELECT link_id, clicks * :${at}Sign * :${at}HoursSign FROM click_counts WHERE page_id = ${page} AND hour >= :${at}From AND hour < :${at}To`,
    values: { [`${at}Block`]: totalsBlock, [`${at}From`]: from, [`${at}To`]: to, [`${at}Sign`]: sign, [`${at}HoursSign`]: hoursSign },
  };
}

/** Clicks per link: the totals before `toHour` minus those before `fromHour`. */
function byLink(db: D1Database, page: Page, values: Values, fromHour: number, toHour: number): D1PreparedStatement {
  const nowHour = Math.floor(Date.now() / 3_600_000);
  const end = totalsBefore(page.sql, toHour, 1, "end", nowHour);
  const start = totalsBefore(page.sql, fromHour, -1, "start", nowHour);
  return shapedStatement(
    db,
    `byLink|${page.shape}`,
    () => `SELECT link_id AS key, SUM(clicks) AS clicks FROM (${end.sql} UNION ALL ${start.sql}) GROUP BY link_id HAVING SUM(clicks) > 0`,
    { ...values, ...end.values, ...start.values },
  );
}

/** Clicks per hour (click_hours); or per UTC day: whole days from page_days, the last day's hours from click_hours. */
function series(db: D1Database, { sql: page, shape }: Page, values: Values, fromHour: number, toHour: number, utcDays: boolean): D1PreparedStatement {
  if (!utcDays) {
    const sql = () => `SELECT hour AS key, clicks FROM click_hours WHERE page_id = ${page} AND hour >= :fromHour AND hour < :toHour`;
    return shapedStatement(db, `hours|${shape}`, sql, { ...values, fromHour, toHour });
  }
  return shapedStatement(
    db,
    `days|${shape}`,
    () => `SELECT day * 24 AS key, clicks FROM page_days WHERE page_id = ${page} AND day >= :fromDay AND day < :toDay
     UNION ALL SELECT :toDay * 24, SUM(clicks) FROM click_hours WHERE page_id = ${page} AND hour >= :toDay * 24 AND hour < :toHour HAVING COUNT(*) > 0`,
    { ...values, fromDay: fromHour / 24, toDay: Math.floor(toHour / 24), toHour },
  );
}

/** Page views per hour; or per UTC day (summed from the hours: a page has at most 24 rows a day). */
function views(db: D1Database, { sql: page, shape }: Page, values: Values, fromHour: number, toHour: number, utcDays: boolean): D1PreparedStatement {
  const key = utcDays ? "(hour / 24) * 24" : "hour";
  return shapedStatement(
    db,
    `views|${shape}|${utcDays}`,
    () => `SELECT ${key} AS key, SUM(views) AS views FROM view_counts WHERE page_id = ${page} AND hour >= :fromHour AND hour < :toHour GROUP BY 1`,
    { ...values, fromHour, toHour },
  );
}

/**
 * Clicks per country or referrer: whole UTC days from click_days, plus the partial days at either
 * edge hour by hour from click_counts.
 */
function byDimension(db: D1Database, { sql: page, shape }: Page, values: Values, fromHour: number, toHour: number, dim: "country" | "referrer") {
  // Clicks made while the page was Free have country '' (a pro click always has one, 'XX' if unknown):
  // their referrer was not recorded either, so it reads NULL, not '' ("direct").
  const col = dim === "country" ? "country" : "CASE WHEN country = '' THEN NULL ELSE referrer END";
  let fromDay = Math.ceil(fromHour / 24);
  const toDay = Math.max(fromDay, Math.floor(toHour / 24));
  if (fromDay * 24 > toHour) fromDay = toDay; // no whole day inside: edges only
  // Each edge [:<e>From, :<e>To) lies within one UTC day :<e>Day. When that day has no clicks outside
  // the edge (typically the current day of a range ending now), its click_days rows are the edge's totals: read those instead.
  const edge = (e: "left" | "right") => {
    const [from, to, day] = [`:${e}From`, `:${e}To`, `:${e}Day`];
    const outside = `(EXISTS (SELECT 1 FROM click_hours WHERE page_id = ${page} AND hour >= ${day} * 24 AND hour < ${from})
      OR EXISTS (SELECT 1 FROM click_hours WHERE page_id = ${page} AND hour >= ${to} AND hour < ${day} * 24 + 24))`;
    return `UNION ALL SELECT ${col}, clicks FROM click_days WHERE page_id = ${page} AND day = ${day} AND ${from} < ${to} AND NOT ${outside}
      UNION ALL SELECT ${col}, clicks FROM click_counts WHERE page_id = ${page} AND hour >= ${from} AND hour < ${to} AND ${outside}`;
  };
  return shapedStatement(
    db,
    `${dim}|${shape}`,
    () => `SELECT key, SUM(clicks) AS clicks FROM (
       SELECT ${col} AS key, clicks FROM click_days WHERE page_id = ${page} AND day >= :fromDay AND day < :toDay
       ${edge("left")}
       ${edge("right")}
     ) GROUP BY key`,
    {
      ...values,
      fromDay,
      toDay,
      leftFrom: fromHour,
      leftTo: Math.min(fromDay * 24, toHour),
      leftDay: Math.floor(fromHour / 24),
      rightFrom: Math.max(toDay * 24, fromHour),
      rightTo: toHour,
      rightDay: toDay,
    },
  );
}

/** The statements, and how to read their results (in the same order) back into StoredCounts. */
export function rangeCountStatements(db: D1Database, ref: PageRef, fromHour: number, toHour: number, opts: RangeOptions) {
  const { page, values } = pageExpression(ref);
  // Guarded by D1's watermark when the caller holds a snapshot: a page expression that is NULL when
  // nothing changed, so the statements find no rows instead of reading them.
  const fresh = opts.unlessWatermark === undefined;
  const counted: Page = fresh
    ? page
    : { sql: `(CASE WHEN COALESCE((SELECT seq FROM click_flushes WHERE page_id = ${page.sql}), 0) > :heldWatermark THEN ${page.sql} END)`, shape: `${page.shape}|held` };
  const countedValues = fresh ? values : { ...values, heldWatermark: Math.trunc(opts.unlessWatermark!) };
  const statements = [
    byLink(db, counted, countedValues, fromHour, toHour),
    series(db, counted, countedValues, fromHour, toHour, opts.utcDays ?? false),
    shapedStatement(db, `watermark|${page.shape}`, () => `SELECT seq FROM click_flushes WHERE page_id = ${page.sql}`, values),
    views(db, counted, countedValues, fromHour, toHour, opts.utcDays ?? false),
    // Each click shard's watermark, read in the same transaction.
    shapedStatement(db, `shards|${page.shape}`, () => `SELECT shard, seq FROM click_shard_flushes WHERE page_id = ${page.sql}`, values),
    ...(opts.dimensions
      ? [byDimension(db, counted, countedValues, fromHour, toHour, "country"), byDimension(db, counted, countedValues, fromHour, toHour, "referrer")]
      : []),
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
