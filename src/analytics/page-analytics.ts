import { readCounts } from "../db/click-counts";
import type { PageIndexRow } from "../db/pages";
import { linkPageStub } from "../env";
import { AppError, fieldError } from "../lib/errors";
import { HOUR_MS, hourOf } from "../lib/time";
import type { Analytics } from "../schemas/analytics";
import { startOfLocalDay } from "./buckets";
import { buildReport } from "./report";

const MAX_HOURS = { hour: 24 * 31, day: 24 * 400 } as const;

export interface AnalyticsRange {
  fromMs: number;
  toMs: number;
  granularity: "hour" | "day";
  tz: string;
}

/**
 * A page's analytics over a range: D1 aggregates merged with clicks still in the DO's buffer.
 * Shared by the API and the dashboard so both count exactly the same way.
 */
export async function pageAnalytics(env: Cloudflare.Env, row: PageIndexRow, q: AnalyticsRange): Promise<Analytics> {
  if (q.fromMs >= q.toMs) throw fieldError(["from"], "must be before `to`");
  let fromHour = hourOf(q.fromMs);
  const toHour = Math.ceil(q.toMs / HOUR_MS);
  if (q.granularity === "day") fromHour = startOfLocalDay(fromHour, q.tz);
  if (toHour - fromHour > MAX_HOURS[q.granularity]) {
    throw fieldError(["from"], q.granularity === "hour" ? "hourly ranges may span at most 31 days" : "ranges may span at most 400 days");
  }
  // The DO's buffer first, then D1: a flush landing in between is then seen by D1's watermark, never lost.
  const buffered = await linkPageStub(env, row.slug).bufferedAnalytics(fromHour * HOUR_MS, toHour * HOUR_MS);
  if (!buffered) throw new AppError("not_found", `There is no page "${row.slug}".`);
  const stored = await readCounts(env.DB, row.id, fromHour, toHour, { dimensions: buffered.plan === "pro", utcDays: q.granularity === "day" && q.tz === "UTC" && fromHour % 24 === 0 });
  return buildReport({ fromHour, toHour, granularity: q.granularity, tz: q.tz, stored, buffered });
}
