// Clicks over time as a server-rendered SVG bar chart (attributes only: no inline style under our CSP).

export interface ChartProps {
  series: { t: string; clicks: number }[];
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
  const max = Math.max(0, ...p.series.map((s) => s.clicks));
  const { top, step } = niceScale(max);
  const slot = w / n;
  const bar = Math.max(1, Math.min(slot * 0.72, 48));
  const every = Math.max(1, Math.ceil(n / p.maxLabels));
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  const y = (v: number) => m.t + h - (v / top) * h;
  const peak = p.series.reduce((a, s) => (s.clicks > (a?.clicks ?? -1) ? s : a), p.series[0]);
  const unit = p.granularity === "hour" ? "hour" : "day";
  const total = p.series.reduce((a, s) => a + s.clicks, 0);
  return (
    <svg class={`chart ${p.class}`} viewBox={`0 0 ${p.width} ${p.height}`} role="img" aria-labelledby={`${p.id}-t ${p.id}-d`} preserveAspectRatio="xMidYMid meet">
      <title id={`${p.id}-t`}>{`Clicks per ${unit}`}</title>
      <desc id={`${p.id}-d`}>
        {total === 0 ? "No clicks in this range." : `${total} clicks in ${n} ${unit}s; busiest: ${bucketLabel(peak!.t, p.granularity, p.tz, true)} with ${peak!.clicks}.`}
      </desc>
      {ticks.map((v) => (
        <g>
          <line x1={m.l} x2={p.width - m.r} y1={y(v)} y2={y(v)} class={v === 0 ? "axis" : "grid"} />
          <text x={m.l - 6} y={y(v) + 4} text-anchor="end" class="tick">{v}</text>
        </g>
      ))}
      {p.series.map((s, i) => {
        const x = m.l + i * slot + (slot - bar) / 2;
        const bh = (s.clicks / top) * h;
        return (
          <g>
            <rect x={x} y={m.t + h - bh} width={bar} height={Math.max(bh, s.clicks ? 1 : 0)} rx={Math.min(3, bar / 3)} class="bar" data-t={s.t}>
              <title>{`${bucketLabel(s.t, p.granularity, p.tz, true)}: ${s.clicks} click${s.clicks === 1 ? "" : "s"}`}</title>
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
      {total === 0 ? (
        <text x={m.l + w / 2} y={m.t + h / 2} text-anchor="middle" class="chart-empty">No clicks in this range yet</text>
      ) : null}
    </svg>
  );
}

/** Two renderings of one chart: wide for desktops, narrow (bigger type, fewer labels) for phones; CSS shows one. */
export function ClicksChart(p: ChartProps) {
  return (
    <div class="chart-wrap">
      <ChartSvg {...p} width={720} height={230} maxLabels={12} class="chart-wide" id="chart-wide" />
      <ChartSvg {...p} width={320} height={220} maxLabels={4} class="chart-narrow" id="chart-narrow" />
      <details class="chart-table">
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{p.granularity === "hour" ? "Hour" : "Day"}</th>
              <th scope="col" class="num">Clicks</th>
            </tr>
          </thead>
          <tbody>
            {p.series.map((s) => (
              <tr>
                <td>{bucketLabel(s.t, p.granularity, p.tz, true)}</td>
                <td class="num">{s.clicks}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
