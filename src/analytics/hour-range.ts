// The hours an analytics read covers: from a query's instants (or dates in a time zone) to whole
// UTC hours, with the one limit on how long a range may be (docs/analytics.md).
import { fieldError } from "../lib/errors";
import { DAY_MS, HOUR_MS, hourOf } from "../lib/time";
import { isDateOnly, type AnalyticsQuery } from "../schemas/analytics";
import { firstHourOfLocalDate, startOfLocalDay } from "./buckets";

const MAX_HOURS = { hour: 24 * 31, day: 24 * 400 } as const;

/** A range as instants. */
export interface MsRange {
  fromMs: number;
  toMs: number;
  granularity: "hour" | "day";
  tz: string;
}

/** A range as whole UTC hours [fromHour, toHour), bucketed by hour or by local day in `tz`. */
export interface HourRange {
  fromHour: number;
  toHour: number;
  granularity: "hour" | "day";
  tz: string;
}

/**
 * Why a range is too long to ask for, or null. The one place that decides it, for the API and the
 * dashboard's range picker alike: the span asked for, not the whole hours it widens to, with 2
 * hours' slack for clock changes in a range of calendar days in a zone with daylight saving.
 */
export function spanProblem(q: Pick<MsRange, "fromMs" | "toMs" | "granularity">): string | null {
  if (q.toMs - q.fromMs <= (MAX_HOURS[q.granularity] + 2) * HOUR_MS) return null;
  return q.granularity === "hour" ? "hourly ranges may span at most 31 days" : "ranges may span at most 400 days";
}

/** The whole hours a range covers (from the start of its first local day, by day); 400 when unusable. */
export function hourRange(q: MsRange): HourRange {
  if (q.fromMs >= q.toMs) throw fieldError(["from"], "must be before `to`");
  let fromHour = hourOf(q.fromMs);
  const toHour = Math.ceil(q.toMs / HOUR_MS);
  if (q.granularity === "day") fromHour = startOfLocalDay(fromHour, q.tz);
  const tooLong = spanProblem(q);
  if (tooLong) throw fieldError(["from"], tooLong);
  return { fromHour, toHour, granularity: q.granularity, tz: q.tz };
}

/** A `from`/`to` value as an instant: a date-time as given; a date alone is its whole day in `tz`. */
function rangeEndMs(v: string, tz: string, side: "start" | "end"): number {
  if (!isDateOnly(v)) return Date.parse(v);
  const day = side === "start" ? v : new Date(Date.parse(`${v}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return firstHourOfLocalDate(day, tz) * HOUR_MS;
}

/** The hours a validated API query asks for (default: the last 30 days, by day). */
export function rangeOfQuery(q: AnalyticsQuery): HourRange {
  const tz = q.tz ?? "UTC";
  const toMs = q.to ? rangeEndMs(q.to, tz, "end") : Date.now();
  const fromMs = q.from ? rangeEndMs(q.from, tz, "start") : toMs - 30 * DAY_MS;
  return hourRange({ fromMs, toMs, granularity: q.granularity, tz });
}
