// Scenarios 1–3 (throughput): the static baseline, a hot page, cold pages and a click storm, run in
// interleaved rounds so that each round's ratios compare runs made seconds apart; the order rotates
// every round so no scenario always follows the click storm's background flushes. Then the same
// routes at a fixed offered rate, for latency.
import { run, stats } from "../lib/load.mjs";

/**
 * @param {{ url: string, routes: Record<string, string[]>, connections: number[], rounds: number,
 *   durationS: number, warmupS: number, fixedRate: number, log: (s: string) => void,
 *   onRun?: (name: string, phase: "start" | "end") => void }} o
 *   routes: scenario name → paths (cycled per connection); must include "static".
 */
export async function throughput(o) {
  const names = Object.keys(o.routes);
  const byConnections = {};
  for (const connections of o.connections) {
    for (const name of names) await timed(o, name, () => run({ url: o.url, paths: o.routes[name], connections, duration: o.warmupS }));
    const rps = Object.fromEntries(names.map((n) => [n, []]));
    const latency = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < o.rounds; r++) {
      const order = names.map((_, i) => names[(i + r) % names.length]);
      for (const name of order) {
        const res = await timed(o, name, () => run({ url: o.url, paths: o.routes[name], connections, duration: o.durationS }));
        if (res.errors) o.log(`  ! ${name} @${connections}: ${res.errors} errors`);
        rps[name].push(res.rps);
        latency[name].push(res);
      }
      o.log(`  ${connections} connections, round ${r + 1}: ${order.map((n) => `${n} ${rps[n].at(-1).toFixed(0)}/s`).join(", ")}`);
    }
    byConnections[connections] = Object.fromEntries(
      names.map((n) => [
        n,
        {
          rps: stats(rps[n]),
          ratio: n === "static" ? null : stats(rps[n].map((x, i) => x / rps.static[i])),
          p50Ms: stats(latency[n].map((x) => x.p50)).median,
          p99Ms: stats(latency[n].map((x) => x.p99)).median,
          statuses: mergeStatuses(latency[n].map((x) => x.statuses)),
        },
      ]),
    );
  }

  // Fixed offered rate: latency when nothing is saturated (10 connections share the rate).
  const fixed = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < o.rounds; r++) {
    for (const name of names.map((_, i) => names[(i + r) % names.length])) {
      fixed[name].push(await timed(o, name, () => run({ url: o.url, paths: o.routes[name], connections: 10, duration: o.durationS, overallRate: o.fixedRate })));
    }
  }
  const fixedRate = Object.fromEntries(
    names.map((n) => {
      const p50 = fixed[n].map((x) => x.p50);
      return [
        n,
        {
          offeredRps: o.fixedRate,
          achievedRps: stats(fixed[n].map((x) => x.rps)).median,
          p50Ms: stats(p50).median,
          p99Ms: stats(fixed[n].map((x) => x.p99)).median,
          p50Ratio: n === "static" ? null : stats(p50.map((x, i) => x / fixed.static[i].p50)).median,
        },
      ];
    }),
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
