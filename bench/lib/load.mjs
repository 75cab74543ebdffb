// Load generation (autocannon, in this process) and the small statistics the report needs.
import autocannon from "autocannon";

export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/**
 * One autocannon run. Latencies are recorded here from every response (autocannon's own histogram
 * keeps only 2xx, in whole milliseconds; a click answers 302).
 * @param {{ url: string, paths: string[], connections: number, duration?: number, amount?: number,
 *   overallRate?: number, headers?: Record<string, string>, onStatus?: (path: string, status: number) => void }} o
 */
export async function run(o) {
  const latencies = [];
  /** @type {Record<string, number>} */
  const statuses = {};
  // One request template whose path walks o.paths round-robin across all connections (autocannon's
  // own request list restarts at the first entry on every connection). No pipelining, so each
  // connection has one request in flight and its context remembers which path that was.
  let next = 0;
  const requests = [
    {
      method: "GET",
      setupRequest: (req, context) => {
        context.path = o.paths[next++ % o.paths.length];
        return { ...req, path: context.path };
      },
      onResponse: (status, _body, context) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
        o.onStatus?.(context.path, status);
      },
    },
  ];
  const instance = autocannon({
    url: o.url,
    connections: o.connections,
    ...(o.amount ? { amount: o.amount } : { duration: o.duration ?? 3 }),
    ...(o.overallRate ? { overallRate: o.overallRate } : {}),
    headers: { "user-agent": BROWSER_UA, ...o.headers },
    requests,
    timeout: 10,
  });
  instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const seconds = result.duration || 1;
  return {
    rps: result.requests.total / seconds,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    statuses,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
  };
}

/** p-th percentile of sorted numbers (nearest rank). */
export function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Median and spread ((max − min) / median) of a few numbers. */
export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s.at(-1), spread: median ? (s.at(-1) - s[0]) / median : 0, runs: s.length };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
