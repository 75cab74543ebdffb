import { HOUR_MS } from "../lib/time";

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
export function localDate(ms: number, tz: string): string {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(tz, f);
  }
  return f.format(ms);
}

/** The first UTC hour whose local date equals that of `hour` (start of that local day, to the hour). */
export function startOfLocalDay(hour: number, tz: string): number {
  const day = localDate(hour * HOUR_MS, tz);
  let h = hour;
  while (h > hour - 48 && localDate((h - 1) * HOUR_MS, tz) === day) h--;
  return h;
}

/**
 * Bucket keys for every hour in [fromHour, toHour): the hour itself, or the first hour of its local
 * day. Returns the ordered bucket starts and a map hour → bucket start.
 */
export function bucketize(fromHour: number, toHour: number, granularity: "hour" | "day", tz: string) {
  const starts: number[] = [];
  const bucketOf = new Map<number, number>();
  let current = -1;
  let currentDay = "";
  for (let h = fromHour; h < toHour; h++) {
    if (granularity === "hour") {
      current = h;
    } else {
      const day = localDate(h * HOUR_MS, tz);
      if (day !== currentDay) {
        currentDay = day;
        current = h;
      }
    }
    if (starts.at(-1) !== current) starts.push(current);
    bucketOf.set(h, current);
  }
  return { starts, bucketOf };
}
