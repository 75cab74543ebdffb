// Scenario: a viral page. Several router isolates (bench/lib/isolates.mjs: separate Worker services of
// the bundle, one shared DO namespace, an injected round trip on every DO call) each take views of one
// page at a rate far above 1/rtt. Before single-flight, every request arriving while a copy was being
// rendered again called the DO: about rate × rtt render calls per isolate per second. The figure that
// matters is render calls reaching the DO per isolate-second (target ≤ 1.1); the location tier
// (lib/location-cache.ts, Miniflare's Cache API shared by the isolates) should push it lower still.
import { BROWSER_UA, pct, sleep } from "../lib/load.mjs";
import { startIsolates } from "../lib/isolates.mjs";
import { createPages } from "../lib/seed.mjs";

/**
 * @param {{ isolates: number, viewsPerSecond: number, rttMs: number, seconds: number, log: (s: string) => void }} o
 */
/**
 * A browser's view, arriving as in production: through a proxy (a forwarding header), so every isolate
 * renders for APP_URL (lib/origin.ts publicOrigin). Without it each isolate here, on its own loopback
 * port, would follow its own origin, render pages that differ in their absolute addresses, and could
 * not share them through the location tier as isolates of one location in production do.
 */
const VIEW_HEADERS = { "user-agent": BROWSER_UA, "x-forwarded-proto": "https" };

export async function viralViews(o) {
  o.log(`viral views: ${o.isolates} isolates, ${o.viewsPerSecond} views/s offered, rtt ${o.rttMs} ms, ${o.seconds} s`);
  const h = await startIsolates({ isolates: o.isolates, rttMs: o.rttMs });
  try {
    const [page] = await createPages(h.urls[0], ["viral-page"]);
    const renders = async () => Object.values(await h.doCalls()).map((m) => m.render ?? 0);
    const before = await renders();
    const runs = await Promise.all(h.urls.map((url) => paced(`${url}/${page.slug}`, o.viewsPerSecond / o.isolates, o.seconds)));
    const after = await renders();
    const perIsolate = after.map((n, i) => n - before[i]);
    const renderCalls = perIsolate.reduce((a, b) => a + b, 0);
    const calls = await h.doCalls();
    const served = runs.reduce((n, r) => n + (r.statuses[200] ?? 0), 0);
    const result = {
      isolates: o.isolates,
      viewsPerSecond: o.viewsPerSecond,
      viewsPerSecondServed: served / o.seconds,
      rttMs: o.rttMs,
      seconds: o.seconds,
      renderCalls,
      renderCallsPerIsolateSecond: renderCalls / (o.isolates * o.seconds),
      renderCallsByIsolate: perIsolate,
      // Without single-flight: every view arriving during a render's round trip renders again.
      withoutSingleFlightEstimate: (o.viewsPerSecond / o.isolates) * (o.rttMs / 1000) * o.isolates * o.seconds,
      locationTier: "on (a named Cache API cache, shared by the isolates of a location)",
      doCallsByIsolate: calls,
      otherStatuses: Object.fromEntries(Object.entries(runs.reduce((s, r) => { for (const [k, v] of Object.entries(r.statuses)) s[k] = (s[k] ?? 0) + v; return s; }, {})).filter(([k]) => k !== "200")),
      transportErrors: runs.reduce((n, r) => n + r.errors, 0),
      p99Ms: Math.max(...runs.map((r) => r.p99)),
      workerWarnings: h.logs.length,
      crossRequestPromiseWarnings: h.logs.filter((l) => /cross.request|different request/i.test(l)).length,
      target: { renderCallsPerIsolateSecond: 1.1 },
    };
    result.met = result.renderCallsPerIsolateSecond <= 1.1 && result.transportErrors === 0 && Object.keys(result.otherStatuses).length === 0;
    return result;
  } finally {
    await h.stop();
  }
}

/**
 * Views at an even pace (a request every few ms, not waiting for answers): autocannon's rate limit
 * sends each second's requests in a burst at the second's start, which would line up with the 1 s copy
 * lifetime and hide refresh-ahead (no request in a copy's last stretch).
 */
async function paced(url, perSecond, seconds) {
  const statuses = {};
  const latencies = [];
  let errors = 0;
  const inflight = [];
  const started = performance.now();
  for (let sent = 0; sent < perSecond * seconds; ) {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond) + 1;
    for (; sent < Math.min(due, perSecond * seconds); sent++) {
      const t = performance.now();
      inflight.push(
        fetch(url, { headers: VIEW_HEADERS })
          .then(async (r) => {
            await r.arrayBuffer();
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
            latencies.push(performance.now() - t);
          })
          .catch(() => errors++),
      );
    }
    await sleep(2);
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { statuses, errors, p99: pct(latencies, 0.99) };
}
