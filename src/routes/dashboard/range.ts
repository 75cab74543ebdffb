// The analytics page's range picker: 24 h, 7 d, 30 d or custom dates, in the viewer's time zone.
import { localDate, startOfLocalDay } from "../../analytics/buckets";
import { spanProblem } from "../../analytics/hour-range";
import { canonicalTimeZone, DAY_MS, HOUR_MS, hourOf } from "../../lib/time";

export type RangeKey = "24h" | "7d" | "30d" | "custom";

export interface Range {
  key: RangeKey;
  fromMs: number;
  toMs: number;
  granularity: "hour" | "day";
  tz: string;
  /** YYYY-MM-DD in tz, for the custom form. */
  fromDate: string;
  toDate: string;
  /** Does the range end now (so live clicks belong in it)? */
  live: boolean;
  error?: string;
}

/** The viewer's time zone by its canonical name; UTC when missing or unknown. */
export function validTimeZone(tz: string | undefined): string {
  return (tz && tz.length <= 64 && canonicalTimeZone(tz)) || "UTC";
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Start of the local day `date` (YYYY-MM-DD) in tz, to the hour. Noon UTC falls on that date for offsets within ±12 h. */
function localDayStartMs(date: string, tz: string): number {
  return startOfLocalDay(hourOf(Date.parse(`${date}T12:00:00Z`)), tz) * HOUR_MS;
}

export function parseRange(q: { range?: string; from?: string; to?: string; tz?: string }, now: number): Range {
  const tz = validTimeZone(q.tz);
  const today = localDate(now, tz);
  const preset = (key: RangeKey, days: number): Range => {
    const fromMs = key === "24h" ? now - DAY_MS : now - (days - 1) * DAY_MS;
    return { key, fromMs, toMs: now, granularity: key === "24h" ? "hour" : "day", tz, fromDate: localDate(fromMs, tz), toDate: today, live: true };
  };
  if (q.range === "24h") return preset("24h", 1);
  if (q.range === "30d") return preset("30d", 30);
  if (q.range !== "custom") return preset("7d", 7);

  const fallback = (error: string): Range => ({ ...preset("7d", 7), key: "custom", error });
  const from = q.from ?? "";
  const to = q.to ?? "";
  if (!DATE_RE.test(from) || !DATE_RE.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
    return fallback("Pick a start and an end date.");
  }
  if (from > to) return fallback("The start date must be on or before the end date.");
  const fromMs = localDayStartMs(from, tz);
  const nextDay = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const toMs = Math.min(localDayStartMs(nextDay, tz), Math.max(now, fromMs + HOUR_MS));
  const granularity = toMs - fromMs <= 2 * DAY_MS ? "hour" : "day";
  const tooLong = spanProblem({ fromMs, toMs, granularity });
  if (tooLong) return fallback(`${tooLong[0]!.toUpperCase()}${tooLong.slice(1)}.`);
  return { key: "custom", fromMs, toMs, granularity, tz, fromDate: from, toDate: to, live: toMs >= now };
}

/** The query string that reproduces a range (for links and the fragment refresh). */
export function rangeQuery(r: Range): string {
  const p = new URLSearchParams({ range: r.key });
  if (r.key === "custom") {
    p.set("from", r.fromDate);
    p.set("to", r.toDate);
  }
  if (r.tz !== "UTC") p.set("tz", r.tz);
  return p.toString();
}
