// Analytics as CSV (docs/analytics.md#csv), `t,linkId,title,clicks`: per bucket one row with an empty
// link whose count is the page's views in that bucket, then one row per link — every link, 0 included,
// so each (bucket, link) has its row. Counts include clicks and views still buffered in the page's DO,
// exactly like the JSON report.
import type { PageIndexRow } from "../db/pages";
import { linkPageStub } from "../link-page/stub";
import { sendViewsNow } from "../actions/count-views";
import { csvRows } from "../lib/csv";
import { AppError } from "../lib/errors";
import { HOUR_MS, hourOf } from "../lib/time";
import { bucketize } from "./buckets";
import type { HourRange } from "./hour-range";
import { unflushedClicks, unflushedViews } from "./merge-counts";

export const CSV_HEADER = ["t", "linkId", "title", "clicks"];

/** The CSV text of a page's analytics over a range (the caller has checked access to `row`). */
export async function analyticsCsv(env: Cloudflare.Env, row: PageIndexRow, r: HourRange): Promise<string> {
  await sendViewsNow(env, row.slug);
  // The buffer first, then D1: rows flushed in between are still in what we read of the buffer, and
  // skipped there by D1's watermark (invariant 2 of analytics/snapshots.ts).
  const buffered = await linkPageStub(env, row.slug).bufferedAnalytics(r.fromHour * HOUR_MS, r.toHour * HOUR_MS);
  if (!buffered || buffered.pageId !== row.id) throw new AppError("not_found", `There is no page "${row.slug}".`);
  const db = env.DB;
  const [clicks, views, wm, shardWm] = await db.batch<any>([
    db
      .prepare("SELECT hour, link_id, SUM(clicks) AS n FROM click_counts WHERE page_id = ? AND hour >= ? AND hour < ? GROUP BY hour, link_id")
      .bind(row.id, r.fromHour, r.toHour),
    db.prepare("SELECT hour, views AS n FROM view_counts WHERE page_id = ? AND hour >= ? AND hour < ?").bind(row.id, r.fromHour, r.toHour),
    db.prepare("SELECT seq FROM click_flushes WHERE page_id = ?").bind(row.id),
    db.prepare("SELECT shard, seq FROM click_shard_flushes WHERE page_id = ?").bind(row.id),
  ]);
  const stored = {
    watermark: (wm!.results[0]?.seq as number | undefined) ?? 0,
    shardWatermarks: Object.fromEntries(shardWm!.results.map((x: { shard: string; seq: number }) => [x.shard, x.seq])),
  };

  const { starts, bucketOf } = bucketize(r.fromHour, r.toHour, r.granularity, r.tz);
  const viewsIn = new Map<number, number>();
  const clicksIn = new Map<string, number>(); // `${bucket}|${linkId}`
  const addViews = (h: number, n: number) => {
    const b = bucketOf.get(h);
    if (b !== undefined) viewsIn.set(b, (viewsIn.get(b) ?? 0) + n);
  };
  const addClicks = (h: number, linkId: string, n: number) => {
    const b = bucketOf.get(h);
    if (b !== undefined) clicksIn.set(`${b}|${linkId}`, (clicksIn.get(`${b}|${linkId}`) ?? 0) + n);
  };
  for (const c of clicks!.results) addClicks(c.hour, c.link_id, c.n);
  for (const v of views!.results) addViews(v.hour, v.n);
  for (const c of unflushedClicks(buffered, stored)) addClicks(hourOf(c.at), c.linkId, 1);
  for (const v of unflushedViews(buffered, stored)) addViews(hourOf(v.at), v.n);

  // Links in page order, then links deleted since that still have clicks in the range.
  const links = buffered.links.map((l) => ({ id: l.id, title: l.title }));
  const known = new Set(links.map((l) => l.id));
  for (const key of clicksIn.keys()) {
    const id = key.slice(key.indexOf("|") + 1);
    if (!known.has(id)) {
      known.add(id);
      links.push({ id, title: "(deleted link)" });
    }
  }
  const rows: string[][] = [CSV_HEADER];
  for (const b of starts) {
    const t = new Date(b * HOUR_MS).toISOString();
    rows.push([t, "", "", String(viewsIn.get(b) ?? 0)]);
    for (const l of links) rows.push([t, l.id, l.title, String(clicksIn.get(`${b}|${l.id}`) ?? 0)]);
  }
  return csvRows(rows);
}

/** The response for a CSV download. */
export function csvResponse(csv: string, slug: string): Response {
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${slug}-analytics.csv"`,
      "cache-control": "no-store",
    },
  });
}
