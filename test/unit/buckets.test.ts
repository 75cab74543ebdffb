// analytics/buckets.ts and analytics/hour-range.ts: local days in a time zone (daylight-saving days
// are 23 or 25 hours), and the whole hours a range covers.
import { describe, expect, it } from "vitest";
import { bucketize, firstHourOfLocalDate, localDate, startOfLocalDay } from "../../src/analytics/buckets";
import { hourRange, spanProblem } from "../../src/analytics/hour-range";

const H = 3_600_000;
const hourAt = (iso: string) => Date.parse(iso) / H;

describe("local days", () => {
  it("give an instant's calendar date in a zone", () => {
    expect(localDate(Date.parse("2026-03-01T23:30:00Z"), "UTC")).toBe("2026-03-01");
    expect(localDate(Date.parse("2026-03-01T23:30:00Z"), "Europe/Paris")).toBe("2026-03-02");
    expect(localDate(Date.parse("2026-03-01T03:00:00Z"), "America/New_York")).toBe("2026-02-28");
  });

  it("start at the first UTC hour of the local date", () => {
    expect(firstHourOfLocalDate("2026-01-15", "UTC")).toBe(hourAt("2026-01-15T00:00:00Z"));
    expect(firstHourOfLocalDate("2026-01-15", "Europe/Paris")).toBe(hourAt("2026-01-14T23:00:00Z"));
    expect(firstHourOfLocalDate("2026-01-15", "Asia/Tokyo")).toBe(hourAt("2026-01-14T15:00:00Z"));
    expect(startOfLocalDay(hourAt("2026-01-15T17:00:00Z"), "Europe/Paris")).toBe(hourAt("2026-01-14T23:00:00Z"));
  });
});

describe("bucketize", () => {
  it("makes one bucket per hour by hour", () => {
    const from = hourAt("2026-01-15T00:00:00Z");
    const { starts, bucketOf } = bucketize(from, from + 3, "hour", "UTC");
    expect(starts).toEqual([from, from + 1, from + 2]);
    expect(bucketOf.get(from + 2)).toBe(from + 2);
    expect(bucketOf.has(from + 3)).toBe(false);
  });

  it("makes local days of 23 and 25 hours around daylight-saving changes", () => {
    // Europe/Paris: 2026-03-29 has 23 hours, 2026-10-25 has 25.
    const spring = firstHourOfLocalDate("2026-03-29", "Europe/Paris");
    const s = bucketize(spring, spring + 23 + 24, "day", "Europe/Paris");
    expect(s.starts).toEqual([spring, spring + 23]);
    expect(s.bucketOf.get(spring + 22)).toBe(spring);
    const autumn = firstHourOfLocalDate("2026-10-25", "Europe/Paris");
    const a = bucketize(autumn, autumn + 25 + 24, "day", "Europe/Paris");
    expect(a.starts).toEqual([autumn, autumn + 25]);
    expect(a.bucketOf.get(autumn + 24)).toBe(autumn);
  });

  it("ends the last day at the range's end", () => {
    const from = hourAt("2026-01-15T00:00:00Z");
    const { starts, bucketOf } = bucketize(from, from + 30, "day", "UTC");
    expect(starts).toEqual([from, from + 24]);
    expect(bucketOf.size).toBe(30);
  });
});

describe("hourRange", () => {
  it("widens to whole hours, and a day range to the start of its first local day", () => {
    const r = hourRange({ fromMs: Date.parse("2026-01-15T10:30:00Z"), toMs: Date.parse("2026-01-16T10:30:00Z"), granularity: "day", tz: "Europe/Paris" });
    expect(r).toEqual({ fromHour: hourAt("2026-01-14T23:00:00Z"), toHour: hourAt("2026-01-16T11:00:00Z"), granularity: "day", tz: "Europe/Paris" });
  });

  it("refuses an empty range and one longer than the limit, with 2 hours' slack", () => {
    expect(() => hourRange({ fromMs: 10 * H, toMs: 10 * H, granularity: "hour", tz: "UTC" })).toThrow();
    expect(spanProblem({ fromMs: 0, toMs: (31 * 24 + 2) * H, granularity: "hour" })).toBeNull();
    expect(spanProblem({ fromMs: 0, toMs: (31 * 24 + 3) * H, granularity: "hour" })).toMatch(/31 days/);
    expect(spanProblem({ fromMs: 0, toMs: (400 * 24 + 3) * H, granularity: "day" })).toMatch(/400 days/);
  });
});
