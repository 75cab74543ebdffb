import type { StoredCounts } from "../db/click-counts";
import type { BufferedAnalytics } from "../link-page/link-page";
import { HOUR_MS, hourOf } from "../lib/time";
import type { Analytics } from "../schemas/analytics";
import { bucketize } from "./buckets";

export interface ReportInput {
  fromHour: number;
  toHour: number;
  granularity: "hour" | "day";
  tz: string;
  stored: StoredCounts;
  buffered: BufferedAnalytics;
}

const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
const sortDesc = <T extends { clicks: number }>(xs: T[]) => xs.sort((a, b) => b.clicks - a.clicks);

/**
 * Merge D1 aggregates with clicks still in the DO buffer. Buffered rows at or below D1's watermark
 * were already counted by a flush whose local delete has not happened yet: they are skipped.
 */
export function buildReport(input: ReportInput): Analytics {
  const { stored, buffered, tz } = input;
  const byLink = new Map<string, number>();
  const byHour = new Map<number, number>();
  const byCountry = new Map<string, number>();
  const byReferrer = new Map<string, number>();
  for (const r of stored.byLink) add(byLink, String(r.key), r.clicks);
  for (const r of stored.byHour) byHour.set(Number(r.key), (byHour.get(Number(r.key)) ?? 0) + r.clicks);
  for (const r of stored.byCountry) add(byCountry, String(r.key) || "XX", r.clicks);
  for (const r of stored.byReferrer) add(byReferrer, String(r.key), r.clicks);
  for (const { seq, linkId, at, country, referrer } of buffered.clicks) {
    if (seq <= stored.watermark) continue;
    const h = hourOf(at);
    if (h < input.fromHour || h >= input.toHour) continue;
    add(byLink, linkId, 1);
    byHour.set(h, (byHour.get(h) ?? 0) + 1);
    add(byCountry, country || "XX", 1);
    add(byReferrer, referrer, 1);
  }

  const { starts, bucketOf } = bucketize(input.fromHour, input.toHour, input.granularity, tz);
  const series = new Map<number, number>(starts.map((s) => [s, 0]));
  for (const [h, n] of byHour) {
    const b = bucketOf.get(h);
    if (b !== undefined) series.set(b, series.get(b)! + n);
  }

  const titles = new Map(buffered.links.map((l) => [l.id, l.title]));
  const links = buffered.links.map((l) => ({ linkId: l.id, title: l.title, clicks: byLink.get(l.id) ?? 0 }));
  for (const [id, clicks] of byLink) if (!titles.has(id)) links.push({ linkId: id, title: "(deleted link)", clicks });

  const report: Analytics = {
    from: new Date(input.fromHour * HOUR_MS).toISOString(),
    to: new Date(input.toHour * HOUR_MS).toISOString(),
    granularity: input.granularity,
    timeZone: tz,
    totals: { clicks: [...byLink.values()].reduce((a, b) => a + b, 0) },
    links: sortDesc(links),
    series: [...series].map(([h, clicks]) => ({ t: new Date(h * HOUR_MS).toISOString(), clicks })),
  };
  if (buffered.plan === "pro") {
    report.countries = sortDesc([...byCountry].filter(([, n]) => n > 0).map(([country, clicks]) => ({ country, clicks })));
    report.referrers = sortDesc([...byReferrer].filter(([, n]) => n > 0).map(([d, clicks]) => ({ domain: d || null, clicks })));
  }
  return report;
}
