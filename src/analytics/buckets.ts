import { HOUR_MS } from "../lib/time";

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
export function localDate(ms: number, tz: string): string {
  if (tz === "UTC") return new Date(ms).toISOString().slice(0, 10); // the default zone: no Intl needed
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(tz, f);
  }
  return f.format(ms);
}

/** The first UTC hour on the local calendar date `date` (YYYY-MM-DD) in `tz`. */
export function firstHourOfLocalDate(date: string, tz: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`) / HOUR_MS;
  // Real zones are within UTC−12…+14: the local day starts within 15 hours of UTC midnight.
  for (let h = utcMidnight - 15; h <= utcMidnight + 15; h++) if (localDate(h * HOUR_MS, tz) === date) return h;
  return utcMidnight;
}

/** The first UTC hour whose local date equals that of `hour` (start of that local day, to the hour). */
export function startOfLocalDay(hour: number, tz: string): number {
  const day = localDate(hour * HOUR_MS, tz);
  let h = hour;
  while (h > hour - 48 && localDate((h - 1) * HOUR_MS, tz) === day) h--;
  return h;
}

/** The first hour after `h` whose local date is not `day` (h's own local date). */
function endOfLocalDay(h: number, day: string, tz: string): number {
  // Most days are 24 hours: probe there, then step back or on around DST changes.
  let c = h + 24;
  while (c - 1 > h && localDate((c - 1) * HOUR_MS, tz) !== day) c--;
  while (localDate(c * HOUR_MS, tz) === day) c++;
  return c;
}

/**
 * Bucket keys for every hour in [fromHour, toHour): the hour itself, or the first hour of its local
 * day. Returns the ordered bucket starts and a map hour → bucket start. Day boundaries are found by
 * probing a couple of hours per day, not by formatting every hour (a year is 8,760 hours).
 */
export function bucketize(fromHour: number, toHour: number, granularity: "hour" | "day", tz: string) {
  const starts: number[] = [];
  const bucketOf = new Map<number, number>();
  for (let h = fromHour; h < toHour; ) {
    const end = granularity === "hour" ? h + 1 : Math.min(endOfLocalDay(h, localDate(h * HOUR_MS, tz), tz), toHour);
    starts.push(h);
    for (let x = h; x < end; x++) bucketOf.set(x, h);
    h = end;
  }
  return { starts, bucketOf };
}
