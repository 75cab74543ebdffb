// The printed table and bench/results.json.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./server.mjs";

const version = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
};

export function environment() {
  let workerd = null;
  try {
    workerd = execFileSync(join(REPO_ROOT, "node_modules", "miniflare", "node_modules", ".bin", "workerd"), ["--version"], { encoding: "utf8" }).trim();
  } catch {
    try {
      workerd = execFileSync(join(REPO_ROOT, "node_modules", ".bin", "workerd"), ["--version"], { encoding: "utf8" }).trim();
    } catch {
      // not essential
    }
  }
  let commit = null;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  } catch {
    // not a checkout
  }
  return {
    date: new Date().toISOString(),
    commit,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    },
    versions: {
      node: process.versions.node,
      wrangler: version("wrangler"),
      miniflare: version("miniflare"),
      workerd,
      autocannon: version("autocannon"),
      hono: version("hono"),
      partyserver: version("partyserver"),
    },
  };
}

const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : "–");
const pctS = (x) => (Number.isFinite(x) ? `±${(x * 50).toFixed(0)}%` : "");
const mark = (met) => (met === null || met === undefined ? "" : met ? "met" : "NOT met");

/** Markdown table rows (also readable in a terminal). */
export function table(r) {
  const rows = [["Scenario", "Measure", "Result", "Baseline (same run)", "Ratio", "Target", ""]];
  const t = r.raw.throughput;
  for (const c of Object.keys(t.byConnections)) {
    const b = t.byConnections[c];
    rows.push([`static route`, `${c} conn, req/s`, `${f0(b.static.rps.median)} (${f0(b.static.rps.min)}–${f0(b.static.rps.max)})`, "—", "1", "", ""]);
    for (const [name, label, target] of [
      ["hot", "1 hot page (views on)", 0.9],
      ["cold", "2 cold pages (1,000)", 0.4],
      ["clicks", "3 click storm", 0.35],
    ]) {
      const s = b[name];
      rows.push([
        label,
        `${c} conn, req/s`,
        `${f0(s.rps.median)} (${f0(s.rps.min)}–${f0(s.rps.max)})`,
        `${f0(b.static.rps.median)}`,
        `${f2(s.ratio.median)}× ${pctS(s.ratio.spread)}`,
        `≥ ${target}×`,
        name === "clicks" && c !== "50" ? "" : mark(s.ratio.median >= target),
      ]);
    }
  }
  for (const [name, label] of [
    ["static", "static route"],
    ["hot", "1 hot page"],
    ["cold", "2 cold pages"],
    ["clicks", "3 click"],
  ]) {
    const x = t.fixedRate[name];
    rows.push([label, `${x.offeredRps}/s offered, p50 / p99 ms`, `${f2(x.p50Ms)} / ${f2(x.p99Ms)}`, `${f2(t.fixedRate.static.p50Ms)}`, name === "static" ? "1" : `${f2(x.p50Ratio)}× (p50)`, "", ""]);
  }
  for (const c of r.scenarios.clicks.checks) {
    rows.push([
      "3 exact count",
      c.label,
      `sent ${c.sent}, counted ${c.counted}, lost ${c.lost}, double ${c.doubled}`,
      `API before flush: ${c.analyticsApiMismatches ? `${c.analyticsApiMismatches} pages off` : "exact"}`,
      "",
      "0 lost, 0 double",
      mark(c.lost === 0 && c.doubled === 0 && c.sent === c.counted),
    ]);
  }
  for (const c of r.scenarios.pageViews?.checks ?? []) {
    rows.push([
      "3c page views",
      c.label,
      `sent ${c.sent}, counted ${c.counted} (${f2(c.countedRatio * 100)} %), lost ${c.lost}, over ${c.overCounted}`,
      `bot/HEAD/prefetch sent: ${c.notCountedSent.bot}/${c.notCountedSent.head}/${c.notCountedSent.prefetch}`,
      "",
      "≥ 99.9 %, 0 over",
      mark(c.countedRatio >= 0.999 && c.overCounted === 0),
    ]);
  }
  const MODES = { totals: "totals frames", batch: "batch frames", each: "1 msg/click" };
  const fan = r.scenarios.liveFanout;
  for (const [i, l] of r.raw.live.entries()) {
    rows.push([
      "4 live fan-out",
      `${l.sockets} sockets, ${l.offeredRate} clicks/s, ${MODES[l.mode] ?? l.mode}, p50 / p99 ms`,
      `${f1(l.p50Ms)} / ${f1(l.p99Ms)}`,
      `${l.messagesReceived}/${l.messagesExpected} clicks heard, ${l.frames} frames, ${l.closes} closes; CPU µs/frame: runtime ${f0(l.cpu?.runtimeUsPerFrame)}, receivers ${f0(l.cpu?.clientUsPerFrame)}` +
        (l.runtimeGc ? `; runtime GC pauses: ${l.runtimeGc.major} major (longest ${f0(l.runtimeGc.majorMaxMs)} ms), ${l.runtimeGc.minor} minor` : ""),
      i === 0 ? `bare DO p99 ${f1(fan.bareP99Ms)}` : "",
      i === 0 ? "p99 ≤ 1.5× bare" : "(report)",
      i === 0 ? `${f2(fan.ratioToBare)}× ${mark(fan.met)}` : "",
    ]);
  }
  const o = r.scenarios.liveOwners;
  if (o) rows.push(["4 live owners", `${o.sockets} dashboards, ${f0(o.clicksPerSecond)} clicks/s (as fast as answered), p50 / p99 ms from the 302`, `${f1(o.p50Ms)} / ${f1(o.p99Ms)}`, `${o.run.seen}/${o.run.seenExpected} seen, ${o.run.frames} frames, ${o.closes} closes`, "", "p99 ≤ 100 ms, 0 closes", mark(o.met)]);
  const a = r.raw.analytics;
  rows.push(["5 analytics 30 d", "asked again, p50 / p99 ms", `${f2(a.d30.p50Ms)} / ${f2(a.d30.p99Ms)}`, `${f2(a.baseline.p50Ms)} (1-row SELECT)`, `${f2(a.d30.p50Ms / a.baseline.p50Ms)}×`, "p50 ≤ 2×", mark(a.d30.p50Ms <= 2 * a.baseline.p50Ms)]);
  const u = a.d30Uncached;
  rows.push(["5 analytics 30 d", "first ask of a range, p50 / p99 ms", `${f2(u.p50Ms)} / ${f2(u.p99Ms)}`, `${f2(a.baseline.p50Ms)}`, `${f2(u.p50Ms / a.baseline.p50Ms)}×`, "p50 ≤ 2×", mark(u.p50Ms <= 2 * a.baseline.p50Ms)]);
  rows.push(["5 analytics 1 y", "p50 / p99 ms", `${f2(a.d365.p50Ms)} / ${f2(a.d365.p99Ms)}`, `${f2(a.baseline.p50Ms)}`, `${f2(a.d365.p50Ms / a.baseline.p50Ms)}×`, "(report)", ""]);
  const w = r.scenarios.pageWeight;
  rows.push(["6 page weight", "10 links with icons, 6 socials, HTML+CSS", `${w.bytes} B (${w.gzipBytes} B gzip), ${w.requests} request(s)`, "", "", "≤ 16 KB, ≤ 2 requests", mark(w.bytes <= 16384 && w.requests <= 2)]);
  const m = r.scenarios.memory;
  rows.push(["7 memory", "workerd peak RSS, click storm", `${f0(m.peakRssBytes / 2 ** 20)} MiB`, `${f0(m.idleRssBytes / 2 ** 20)} MiB idle`, "", "(report)", ""]);

  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const line = (row) => `| ${row.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
