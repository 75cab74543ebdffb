// Scenarios 1–3 (throughput): a hot page, cold pages and a click storm, each run sandwiched between
// two runs of the static baseline — S A S B S C S — so every ratio compares runs made seconds apart
// on a machine whose load drifts (other test suites run alongside). The order of A, B, C rotates
// every round. Then the same routes at a fixed offered rate, for latency, sandwiched the same way.
import { run, stats } from "../lib/load.mjs";

/**
 * @param {{ url: string, routes: Record<string, string[]>, connections: number[], rounds: number,
 *   durationS: number, warmupS: number, fixedRate: number, fixedRateS: number, log: (s: string) => void,
 *   onRun?: (name: string, phase: "start" | "end") => void, prime?: Record<string, () => Promise<unknown>> }} o
 *   routes: scenario name → paths (cycled round-robin); must include "static".
 *   prime: run before every measured run of that scenario, unmeasured.
 */
export async function throughput(o) {
  const names = Object.keys(o.routes).filter((n) => n !== "static");
  const all = ["static", ...names];
  const byConnections = {};
  for (const connections of o.connections) {
    const once = async (name, duration) => {
      await o.prime?.[name]?.();
      return timed(o, name, () => run({ url: o.url, paths: o.routes[name], connections, duration }));
    };
    for (const name of all) await once(name, o.warmupS);
    const runs = Object.fromEntries(all.map((n) => [n, []]));
    const ratios = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < o.rounds; r++) {
      const order = names.map((_, i) => names[(i + r) % names.length]);
      let before = await once("static", o.durationS);
      runs.static.push(before);
      const line = [`static ${before.rps.toFixed(0)}/s`];
      for (const name of order) {
        const res = await once(name, o.durationS);
        const after = await once("static", o.durationS);
        runs[name].push(res);
        runs.static.push(after);
        ratios[name].push(res.rps / ((before.rps + after.rps) / 2));
        line.push(`${name} ${res.rps.toFixed(0)}/s`, `static ${after.rps.toFixed(0)}/s`);
        for (const x of [res, after]) if (x.errors) o.log(`  ! ${x === res ? name : "static"} @${connections}: ${x.errors} errors`);
        before = after;
      }
      o.log(`  ${connections} connections, round ${r + 1}: ${line.join(", ")}`);
    }
    byConnections[connections] = Object.fromEntries(
      all.map((n) => [
        n,
        {
          rps: stats(runs[n].map((x) => x.rps)),
          ratio: n === "static" ? null : stats(ratios[n]),
          p50Ms: stats(runs[n].map((x) => x.p50)).median,
          p99Ms: stats(runs[n].map((x) => x.p99)).median,
          statuses: mergeStatuses(runs[n].map((x) => x.statuses)),
        },
      ]),
    );
  }

  // Fixed offered rate: latency when nothing is saturated (10 connections share the rate).
  const fixedRuns = Object.fromEntries(all.map((n) => [n, []]));
  const p50Ratios = Object.fromEntries(names.map((n) => [n, []]));
  const fixedOnce = async (name) => {
    await o.prime?.[name]?.();
    return timed(o, name, () => run({ url: o.url, paths: o.routes[name], connections: 10, duration: o.fixedRateS, overallRate: o.fixedRate }));
  };
  for (let r = 0; r < o.rounds; r++) {
    let before = await fixedOnce("static");
    fixedRuns.static.push(before);
    for (const name of names.map((_, i) => names[(i + r) % names.length])) {
      const res = await fixedOnce(name);
      const after = await fixedOnce("static");
      fixedRuns[name].push(res);
      fixedRuns.static.push(after);
      p50Ratios[name].push(res.p50 / ((before.p50 + after.p50) / 2));
      before = after;
    }
  }
  const fixedRate = Object.fromEntries(
    all.map((n) => [
      n,
      {
        offeredRps: o.fixedRate,
        achievedRps: stats(fixedRuns[n].map((x) => x.rps)).median,
        p50Ms: stats(fixedRuns[n].map((x) => x.p50)).median,
        p99Ms: stats(fixedRuns[n].map((x) => x.p99)).median,
        p50Ratio: n === "static" ? null : stats(p50Ratios[n]).median,
      },
    ]),
  );
  return { byConnections, fixedRate };
}

async function timed(o, name, fn) {
  o.onRun?.(name, "start");
  try {
    return await fn();
  } finally {
    o.onRun?.(name, "end");
  }
}

function mergeStatuses(list) {
  const out = {};
  for (const s of list) for (const [k, v] of Object.entries(s)) out[k] = (out[k] ?? 0) + v;
  return out;
}
