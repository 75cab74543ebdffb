import { CLICK_FIELDS, NEVER_STORED, VIEW_FIELDS } from "../../lib/policy";
import type { Range } from "../../routes/dashboard/range";
import type { Analytics } from "../../schemas/analytics";
import { ClicksChart } from "./chart";
import { DashShell, Flash } from "./shell";

export interface AnalyticsProps {
  email: string | null;
  slug: string;
  displayName: string;
  plan: "free" | "pro";
  range: Range;
  query: string;
  report: Analytics;
}

const listing = (xs: readonly string[]) => (xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);

/** One line, generated from the policy constants the code runs on (docs/contract.md#privacy-promises). */
export function CollectedLine(p: { plan: "free" | "pro" }) {
  return (
    <p class="collected muted">
      <strong>What we collect:</strong> per page view, only the {listing(VIEW_FIELDS)}; per click, only the {listing(CLICK_FIELDS[p.plan])}. Never{" "}
      {listing(NEVER_STORED)}. <a href="/privacy">Privacy</a>
    </p>
  );
}

const RANGES = [
  ["24h", "24 hours"],
  ["7d", "7 days"],
  ["30d", "30 days"],
] as const;

function Breakdown(p: { title: string; rows: { label: string; clicks: number }[]; total: number; empty: string }) {
  return (
    <section class="card" aria-label={p.title}>
      <h2>{p.title}</h2>
      {p.rows.length ? (
        <table class="breakdown">
          <thead>
            <tr>
              <th scope="col">{p.title === "Countries" ? "Country" : "Site"}</th>
              <th scope="col" class="num">Clicks</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>
                  <span class="meter-label">{r.label}</span>
                  <meter min={0} max={Math.max(p.total, 1)} value={r.clicks} aria-hidden="true"></meter>
                </td>
                <td class="num">{r.clicks}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{p.empty}</p>
      )}
    </section>
  );
}

/** Shown for clicks made while the page was on Free, when neither country nor referrer was kept. */
export const NOT_RECORDED_LABEL = "Not recorded (Free)";

const pct = (ctr: number | null) => (ctr === null ? "—" : `${(ctr * 100).toFixed(1)}%`);

const countryName = (code: string | null) => {
  if (code === null || code === "XX" || !/^[A-Z]{2}$/.test(code)) return "Unknown";
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
};

/** The part of the page the script re-fetches when live clicks arrive (chart, totals, tables). */
export function AnalyticsBody(p: Pick<AnalyticsProps, "report" | "range" | "plan">) {
  const r = p.report;
  return (
    <div data-analytics-body data-live-range={p.range.live ? "1" : "0"} data-tz={r.timeZone}>
      <div class="stat-row">
        <div class="card stat">
          <p class="stat-label" id="views-label">Views</p>
          <p class="stat-big" data-views aria-labelledby="views-label">{r.totals.views}</p>
        </div>
        <div class="card stat">
          <p class="stat-label" id="total-label">Clicks</p>
          <p class="stat-big" data-total aria-labelledby="total-label" aria-live="polite">{r.totals.clicks}</p>
        </div>
        <div class="card stat">
          <p class="stat-label" id="ctr-label">Click-through rate</p>
          <p class="stat-big" data-ctr aria-labelledby="ctr-label">{pct(r.totals.ctr)}</p>
        </div>
        <div class="card stat">
          <p class="stat-label" id="top-label">Top link</p>
          <p class="stat-mid" aria-labelledby="top-label">{r.links[0] && r.links[0].clicks > 0 ? r.links[0].title : "—"}</p>
        </div>
      </div>
      <section class="card" aria-labelledby="chart-h">
        <h2 id="chart-h">Views and clicks over time</h2>
        <ClicksChart series={r.series} granularity={r.granularity} tz={r.timeZone} />
      </section>
      <section class="card" aria-labelledby="links-h">
        <h2 id="links-h">Clicks per link</h2>
        {r.links.length ? (
          <table class="breakdown">
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col" class="num">Clicks</th>
                <th scope="col" class="num">
                  <abbr title="Click-through rate: clicks ÷ page views">CTR</abbr>
                </th>
              </tr>
            </thead>
            <tbody>
              {r.links.map((l) => (
                <tr>
                  <td>
                    <span class="meter-label" dir="auto">{l.title}</span>
                    <meter min={0} max={Math.max(r.totals.clicks, 1)} value={l.clicks} aria-hidden="true"></meter>
                  </td>
                  <td class="num" data-link-clicks={l.linkId}>{l.clicks}</td>
                  <td class="num">{pct(l.ctr)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">This page has no links yet.</p>
        )}
      </section>
      {p.plan === "pro" ? (
        <div class="grid-2">
          <Breakdown title="Countries" rows={(r.countries ?? []).map((x) => ({ label: x.notRecorded ? NOT_RECORDED_LABEL : countryName(x.country), clicks: x.clicks }))} total={r.totals.clicks} empty="No clicks yet." />
          <Breakdown title="Referrers" rows={(r.referrers ?? []).map((x) => ({ label: x.notRecorded ? NOT_RECORDED_LABEL : (x.domain ?? "Direct / none"), clicks: x.clicks }))} total={r.totals.clicks} empty="No clicks yet." />
        </div>
      ) : (
        <p class="card upsell muted">Countries and referring sites are shown for Pro pages.</p>
      )}
    </div>
  );
}

export function AnalyticsPage(p: AnalyticsProps) {
  const base = `/dashboard/pages/${p.slug}/analytics`;
  return (
    <DashShell title={`Analytics · ${p.displayName}`} email={p.email} active="pages" scripts={["dash-analytics.js"]} data={{ slug: p.slug, query: p.query }}>
      <div class="page-head page-head-row">
        <div>
          <p class="crumbs">
            {p.email !== null ? (
              <>
                <a href="/dashboard">Pages</a> <span aria-hidden="true">/</span>{" "}
              </>
            ) : null}
            <a href={`/dashboard/pages/${p.slug}`} class="mono">{p.slug}</a>
          </p>
          <h1>Analytics</h1>
        </div>
        <p class="live-pill" data-live-pill data-state="idle">
          <span class="live-dot" aria-hidden="true"></span>
          <span data-live-label role="status">Live updates need JavaScript</span>
        </p>
      </div>
      <CollectedLine plan={p.plan} />
      <div class="range-bar">
        <nav class="segmented" aria-label="Time range">
          {RANGES.map(([key, label]) => (
            <a href={`${base}?range=${key}`} aria-current={p.range.key === key ? "page" : undefined} data-range-link>
              {label}
            </a>
          ))}
        </nav>
        <form method="get" action={base} class="custom-range" aria-label="Custom range">
          <input type="hidden" name="range" value="custom" />
          <input type="hidden" name="tz" value={p.range.tz} data-tz-input />
          <label>
            From <input type="date" name="from" value={p.range.fromDate} required />
          </label>
          <label>
            To <input type="date" name="to" value={p.range.toDate} required />
          </label>
          <button type="submit" class={`btn btn-sm ${p.range.key === "custom" ? "btn-primary" : ""}`}>Apply</button>
        </form>
        <a class="btn btn-sm" href={`${base}.csv?${p.query}`} download={`${p.slug}-analytics.csv`} data-range-link data-csv-link>
          Download CSV
        </a>
      </div>
      {p.range.error ? <Flash kind="error">{p.range.error} Showing the last 7 days instead.</Flash> : null}
      <p class="muted tz-note">
        Times in <span data-tz-label>{p.range.tz}</span>.
      </p>
      <AnalyticsBody report={p.report} range={p.range} plan={p.plan} />
    </DashShell>
  );
}
