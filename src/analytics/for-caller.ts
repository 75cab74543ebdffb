import type { Context } from "hono";
import type { AppEnv } from "../env";
import { DAY_MS, HOUR_MS } from "../lib/time";
import { requirePageAccess, rowAccessOf } from "../middleware/page-access";
import { isDateOnly, type Analytics, type AnalyticsQuery } from "../schemas/analytics";
import { isValidSlug } from "../schemas/slug";
import { firstHourOfLocalDate } from "./buckets";
import { hourRange, pageAnalytics } from "./page-analytics";

/** A `from`/`to` value as an instant: a date-time as given; a date alone is its whole day in `tz`. */
function rangeEndMs(v: string, tz: string, side: "start" | "end"): number {
  if (!isDateOnly(v)) return Date.parse(v);
  const day = side === "start" ? v : new Date(Date.parse(`${v}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return firstHourOfLocalDate(day, tz) * HOUR_MS;
}

/** The hours a validated query asks for (default: the last 30 days, by day). */
export function rangeOfQuery(q: AnalyticsQuery) {
  const tz = q.tz ?? "UTC";
  const toMs = q.to ? rangeEndMs(q.to, tz, "end") : Date.now();
  const fromMs = q.from ? rangeEndMs(q.from, tz, "start") : toMs - 30 * DAY_MS;
  return hourRange({ fromMs, toMs, granularity: q.granularity, tz });
}

/**
 * The analytics of page `rawSlug` over a validated query, for the caller of this request (who must
 * manage the page): the API's GET …/analytics and the MCP tool get_analytics answer with this.
 */
export async function analyticsForCaller(c: Context<AppEnv>, rawSlug: string, q: AnalyticsQuery): Promise<Analytics> {
  const range = rangeOfQuery(q);
  const slug = rawSlug.toLowerCase();
  // The access check runs alongside the DO's buffer read (see pageAnalytics); a bad slug never reaches a DO.
  if (!isValidSlug(slug)) await requirePageAccess(c, slug); // throws (404 at the latest)
  const access = await rowAccessOf(c);
  return pageAnalytics(c.env, { slug, access, check: (lookup) => requirePageAccess(c, slug, lookup) }, range);
}
