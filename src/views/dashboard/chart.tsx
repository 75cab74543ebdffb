// Views and clicks over time as a server-rendered SVG bar chart, two bars per bucket (attributes
// only: no inline style under our CSP).

export interface ChartProps {
  series: { t: string; clicks: number; views: number }[];
  granularity: "hour" | "day";
  tz: string;
}

/** A "nice" axis maximum (1, 2 or 5 × 10^k) and its tick step, so gridlines land on round numbers. */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (max <= ticks) return { top: Math.max(ticks, 1), step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { top: step * Math.ceil(max / step), step };
}

export function bucketLabel(t: string, granularity: "hour" | "day", tz: string, long = false): string {
  const d = new Date(t);
  if (granularity === "hour") {
    const time = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit" }).format(d);
    return long ? `${new Intl.DateTimeFormat("en-GB", { timeZone: tz, day: "numeric", month: "short" }).format(d)}, ${time}` : time;
  }
  return new Intl.DateTimeFormat("en-GB", { timeZone: tz, day: "numeric", month: "short", ...(long ? { weekday: "short" } : {}) }).format(d);
}

function ChartSvg(p: ChartProps & { width: number; height: number; maxLabels: number; class: string; id: string }) {
  const m = { l: 36, r: 8, t: 18, b: 26 };
  const w = p.width - m.l - m.r;
  const h = p.height - m.t - m.b;
  const n = Math.max(p.series.length, 1);
  const max = Math.max(0, ...p.series.map((s) => Math.max(s.clicks, s.views)));
  const { top, step } = niceScale(max);
  const slot = w / n;
  const bar = Math.max(1, Math.min(slot * 0.36, 24)); // two bars a bucket: views, then clicks
  const every = Math.max(1, Math.ceil(n / p.maxLabels));
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  const y = (v: number) => m.t + h - (v / top) * h;
  const peak = p.series.reduce((a, s) => (s.clicks > (a?.clicks ?? -1) ? s : a), p.series[0]);
  const unit = p.granularity === "hour" ? "hour" : "day";
  const total = p.series.reduce((a, s) => a + s.clicks, 0);
  const views = p.series.reduce((a, s) => a + s.views, 0);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return (
    <svg class={`chart ${p.class}`} viewBox={`0 0 ${p.width} ${p.height}`} role="img" aria-labelledby={`${p.id}-t ${p.id}-d`} preserveAspectRatio="xMidYMid meet">
      <title id={`${p.id}-t`}>{`Views and clicks per ${unit}`}</title>
      <desc id={`${p.id}-d`}>
        {`${plural(views, "view")} and ${plural(total, "click")} in ${n} ${unit}s`}
        {total === 0 ? "." : `; most clicks: ${bucketLabel(peak!.t, p.granularity, p.tz, true)} with ${peak!.clicks}.`}
      </desc>
      {ticks.map((v) => (
        <g>
          <line x1={m.l} x2={p.width - m.r} y1={y(v)} y2={y(v)} class={v === 0 ? "axis" : "grid"} />
          <text x={m.l - 6} y={y(v) + 4} text-anchor="end" class="tick">{v}</text>
        </g>
      ))}
      {p.series.map((s, i) => {
        const xv = m.l + i * slot + slot / 2 - bar;
        const x = xv + bar;
        const vh = (s.views / top) * h;
        const bh = (s.clicks / top) * h;
        const when = bucketLabel(s.t, p.granularity, p.tz, true);
        return (
          <g>
            <rect x={xv} y={m.t + h - vh} width={bar} height={Math.max(vh, s.views ? 1 : 0)} rx={Math.min(3, bar / 3)} class="bar bar-views" data-t={s.t}>
              <title>{`${when}: ${plural(s.views, "view")}`}</title>
            </rect>
            <rect x={x} y={m.t + h - bh} width={bar} height={Math.max(bh, s.clicks ? 1 : 0)} rx={Math.min(3, bar / 3)} class="bar" data-t={s.t}>
              <title>{`${when}: ${plural(s.clicks, "click")}`}</title>
            </rect>
            {s.clicks > 0 && n <= 16 ? (
              <text x={x + bar / 2} y={m.t + h - bh - 4} text-anchor="middle" class="bar-value" aria-hidden="true">{s.clicks}</text>
            ) : null}
            {i % every === 0 ? (
              <text x={m.l + i * slot + slot / 2} y={p.height - 8} text-anchor="middle" class="tick">
                {bucketLabel(s.t, p.granularity, p.tz)}
              </text>
            ) : null}
          </g>
        );
      })}
      {total === 0 && views === 0 ? (
        <text x={m.l + w / 2} y={m.t + h / 2} text-anchor="middle" class="chart-empty">No views or clicks in this range yet</text>
      ) : null}
    </svg>
  );
}

/** Two renderings of one chart: wide for desktops, narrow (bigger type, fewer labels) for phones; CSS shows one. */
export function ClicksChart(p: ChartProps) {
  return (
    <div class="chart-wrap">
      <p class="chart-legend" aria-hidden="true">
        <span class="key key-views"></span> Views <span class="key key-clicks"></span> Clicks
      </p>
      <ChartSvg {...p} width={720} height={230} maxLabels={12} class="chart-wide" id="chart-wide" />
      <ChartSvg {...p} width={320} height={220} maxLabels={4} class="chart-narrow" id="chart-narrow" />
      <details class="chart-table">
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{p.granularity === "hour" ? "Hour" : "Day"}</th>
              <th scope="col" class="num">Views</th>
              <th scope="col" class="num">Clicks</th>
            </tr>
          </thead>
          <tbody>
            {p.series.map((s) => (
              <tr>
                <td>{bucketLabel(s.t, p.granularity, p.tz, true)}</td>
                <td class="num">{s.views}</td>
                <td class="num">{s.clicks}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
