import { z } from "@hono/zod-openapi";
import { canonicalTimeZone } from "../lib/time";

const DateTime = z.iso.datetime({ offset: true });
/** ISO 8601 lets a time stop at the minute (`2026-11-01T09:30Z`): read as that minute's first second. */
const withSeconds = (s: string) => s.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/, "$1:00$2");
/** A calendar date alone (YYYY-MM-DD): a whole local day in `tz` (see routes/analytics.ts). */
export function isDateOnly(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(s); // 2026-02-30 rolls over: refused
}
const RangeEnd = z
  .string()
  .transform(withSeconds) // a date alone passes unchanged
  .refine((s) => isDateOnly(s) || DateTime.safeParse(s).success, "must be an ISO 8601 date-time or a date (YYYY-MM-DD)");

export const AnalyticsQuerySchema = z
  .object({
    from: RangeEnd.optional().openapi({ description: "Start, inclusive: a date-time, or a date meaning the start of that day in `tz`. Default: 30 days before `to`" }),
    to: RangeEnd.optional().openapi({ description: "End, exclusive: a date-time, or a date meaning the end of that day in `tz` (the day is included). Default: now" }),
    granularity: z.enum(["hour", "day"]).default("day"),
    format: z.enum(["json", "csv"]).default("json").openapi({
      description: "csv: text/csv, `t,linkId,title,clicks`: one row per (bucket, link), 0 included, plus one row per bucket with an empty linkId and title whose count is the page views in that bucket",
    }),
    tz: z
      .string()
      .max(64)
      // Answered under its canonical name: `utc` is UTC.
      .transform((tz, ctx) => {
        const canonical = canonicalTimeZone(tz);
        if (canonical) return canonical;
        ctx.addIssue({ code: "custom", message: "must be an IANA time zone such as Europe/Paris" });
        return z.NEVER;
      })
      .optional()
      .openapi({ description: "IANA time zone for day buckets (default UTC). Data is kept per UTC hour, so zones with half-hour offsets are approximate." }),
  });

const Ctr = z.number().nullable().openapi({ description: "Clicks ÷ page views in the range (4 decimals); null with no views" });
const NotRecorded = z.literal(true).optional().openapi({ description: "Clicks made while the page was on Free: country and referrer were not recorded" });

export const AnalyticsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(["hour", "day"]),
    timeZone: z.string(),
    totals: z.object({ clicks: z.number().int(), views: z.number().int(), ctr: Ctr }),
    links: z.array(z.object({ linkId: z.string(), title: z.string(), clicks: z.number().int(), ctr: Ctr })),
    series: z.array(z.object({ t: z.string(), clicks: z.number().int(), views: z.number().int() })),
    countries: z
      .array(z.object({ country: z.string().nullable(), clicks: z.number().int(), notRecorded: NotRecorded }))
      .optional()
      .openapi({ description: "Pro pages only; XX = unknown (also Tor and a missing header)" }),
    referrers: z
      .array(z.object({ domain: z.string().nullable(), clicks: z.number().int(), notRecorded: NotRecorded }))
      .optional()
      .openapi({ description: "Pro pages only; domain null = direct (or, with notRecorded, clicks made while the page was Free)" }),
  })
  .openapi("Analytics");

export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;
export type Analytics = z.infer<typeof AnalyticsSchema>;
