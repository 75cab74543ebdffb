import type { PageIndexRow } from "../db/pages";
import { linkPageStub } from "../env";
import { AppError, fieldError } from "../lib/errors";
import { HOUR_MS, hourOf } from "../lib/time";
import type { Analytics } from "../schemas/analytics";
import { startOfLocalDay } from "./buckets";
import { cachedCounts } from "./counts-cache";
import { buildReport } from "./report";

const MAX_HOURS = { hour: 24 * 31, day: 24 * 400 } as const;

export interface AnalyticsQuery {
  fromMs: number;
  toMs: number;
  granularity: "hour" | "day";
  tz: string;
}

export interface HourRange {
  fromHour: number;
  toHour: number;
  granularity: "hour" | "day";
  tz: string;
}

/** The whole hours a query covers (from the start of its first local day, by day); 400 when unusable. */
export function hourRange(q: AnalyticsQuery): HourRange {
  if (q.fromMs >= q.toMs) throw fieldError(["from"], "must be before `to`");
  let fromHour = hourOf(q.fromMs);
  const toHour = Math.ceil(q.toMs / HOUR_MS);
  if (q.granularity === "day") fromHour = startOfLocalDay(fromHour, q.tz);
  if (toHour - fromHour > MAX_HOURS[q.granularity]) {
    throw fieldError(["from"], q.granularity === "hour" ? "hourly ranges may span at most 31 days" : "ranges may span at most 400 days");
  }
  return { fromHour, toHour, granularity: q.granularity, tz: q.tz };
}

/**
 * A page's analytics over a range: D1 aggregates merged with clicks still in the DO's buffer.
 * Shared by the API and the dashboard so both count exactly the same way. `row` may still be on its
 * way (the API's access check): the DO's buffer is read alongside it — a round trip saved — and
 * nothing is answered unless the check passes.
 */
export async function pageAnalytics(env: Cloudflare.Env, page: { slug: string; row: PageIndexRow | Promise<PageIndexRow> }, r: HourRange): Promise<Analytics> {
  // The DO's buffer first, then D1: a flush landing in between is then seen by D1's watermark, never lost.
  const reading = linkPageStub(env, page.slug).bufferedAnalytics(r.fromHour * HOUR_MS, r.toHour * HOUR_MS);
  reading.catch(() => {}); // when the access check fails first, this answer is not wanted
  const [row, buffered] = await Promise.all([page.row, reading]);
  // No page in the DO, or another page than the row's (deleted and re-created meanwhile): not found.
  if (!buffered || buffered.pageId !== row.id) throw new AppError("not_found", `There is no page "${row.slug}".`);
  const opts = { dimensions: buffered.plan === "pro", utcDays: r.granularity === "day" && r.tz === "UTC" && r.fromHour % 24 === 0 };
  const stored = await cachedCounts(env.DB, row.id, r.fromHour, r.toHour, opts, buffered.flushedSeq);
  return buildReport({ ...r, stored, buffered });
}
