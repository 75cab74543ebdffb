// `npm run bench`: start the bundled Worker under Miniflare, load it, print a table and write
// bench/results.json. Every throughput figure is a ratio to the static route measured in the same run
// (docs/performance.md explains the method). Takes about 3–4 minutes.
// `npm run bench -- --only=views` runs only the page-view counting scenario (about half a minute);
// `--only=viralViews` only the viral-page scenario (its own isolates; merged into an existing results.json);
// `--only=live` only the live scenarios: liveOwners, and liveFanout's headline run beside the bare DO's.
// `--only=shardedClicks` only the click-shard scenario (its own isolates and fault shim; merged likewise).
// `--only=analytics` only the analytics query scenario (printed, not written to results.json).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { run, sleep } from "./lib/load.mjs";
import { environment, table } from "./lib/report.mjs";
import { photoPng } from "../scripts/demo-photo.mjs";
import { createPages, numberedSlugs, pageIdOf, someClient } from "./lib/seed.mjs";
import { rssBytes } from "./lib/proc.mjs";
import { REPO_ROOT, startServer } from "./lib/server.mjs";
import { analyticsLatency, seedYear } from "./scenarios/analytics.mjs";
import { clickCount } from "./scenarios/click-count.mjs";
import { viewCount } from "./scenarios/view-count.mjs";
import { liveFanout, liveOwners, runtimeGc } from "./scenarios/live.mjs";
import { startBareServer } from "./lib/bare-server.mjs";
import { throughput } from "./scenarios/throughput.mjs";
import { viralViews } from "./scenarios/viral-views.mjs";
import { shardedClicks } from "./scenarios/sharded-clicks.mjs";

const CONFIG = {
  connections: [10, 50],
  rounds: 3,
  durationS: 2,
  warmupS: 1,
  fixedRate: 300,
  fixedRateS: 1.5,
  coldPages: 1000,
  clickAmounts: { onePage: 5_000, hundredPages: 10_000 },
  live: { sockets: 1000, rate: 200, seconds: 1.5, lightRate: 20, lightSeconds: 3, floorRate: 2, floorSeconds: 5, owners: 50, ownersSeconds: 3 },
  analytics: { iterations: 100, yearEvery: 10 },
  flushIntervalMs: 2000, // FLUSH_INTERVAL_SECONDS in bench/lib/server.mjs
  viewAmounts: { onePage: 20_000, hundredPages: 20_000 },
  // 200 views/s per isolate against a 50 ms round trip: ten times 1/rtt.
  viralViews: { isolates: 4, viewsPerSecond: 800, rttMs: 50, seconds: 5 },
  shardedClicks: { isolates: 4, clicks: Number(process.env.BENCH_SHARDED_CLICKS ?? 50_000), concurrency: Number(process.env.BENCH_SHARDED_CONCURRENCY ?? 32), rttMs: 10 },
};
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);

const started = Date.now();
const log = (s) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

const env = environment();
// `--only=shardedClicks`: only the click-shard scenario (its own isolates; merged into an existing results.json).
if (only === "shardedClicks") {
  const sharded = await shardedClicks({ ...CONFIG.shardedClicks, log });
  console.log(JSON.stringify(sharded, null, 2));
  const out = join(REPO_ROOT, "bench", "results.json");
  const prev = existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : { ...env, scenarios: {} };
  prev.scenarios = { ...prev.scenarios, shardedClicks: sharded };
  writeFileSync(out, JSON.stringify(prev, null, 2) + "\n");
  process.exit(sharded.met ? 0 : 1);
}
if (only === "viralViews") {
  const viral = await viralViews({ ...CONFIG.viralViews, log });
  console.log(JSON.stringify(viral, null, 2));
  const out = join(REPO_ROOT, "bench", "results.json");
  const prev = existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : { ...env, scenarios: {} };
  prev.scenarios = { ...prev.scenarios, viralViews: viral };
  writeFileSync(out, JSON.stringify(prev, null, 2) + "\n");
  process.exit(viral.met ? 0 : 1);
}
log("bundling (wrangler deploy --dry-run) and starting Miniflare…");
const server = await startServer();
const pid = server.workerdPid();
// Ctrl-C: stop workerd and remove the temp dir before exiting.
process.once("SIGINT", () => server.stop().finally(() => process.exit(130)));
try {
  log(`server at ${server.url} (workerd pid ${pid})`);
  const idleRss = rssBytes(pid);

  // --- pages -------------------------------------------------------------------------------------
  const withIds = async (pages) => {
    for (const p of pages) p.pageId = await pageIdOf(server.db, p.slug);
    return pages;
  };
  // --- 3c. page views: sent vs counted ----------------------------------------------------------
  const viewChecks = async () => {
    log("page views, exact counts");
    const out = [];
    const one = await withIds(await createPages(server.url, ["views-one"]));
    out.push({ label: `1 hot page, ${CONFIG.viewAmounts.onePage} views, 50 conn`, ...(await viewCount({ server, pages: one, amount: CONFIG.viewAmounts.onePage, connections: 50, flushIntervalMs: CONFIG.flushIntervalMs, log })) });
    const many = await withIds(await createPages(server.url, numberedSlugs("views-many", 100)));
    out.push({ label: `100 pages, ${CONFIG.viewAmounts.hundredPages} views, 50 conn`, ...(await viewCount({ server, pages: many, amount: CONFIG.viewAmounts.hundredPages, connections: 50, flushIntervalMs: CONFIG.flushIntervalMs, log })) });
    for (const c of out) log(`  ${c.label}: sent ${c.sent}, counted ${c.counted} (${(c.countedRatio * 100).toFixed(2)} %), lost ${c.lost}, over-counted ${c.overCounted}, ${c.rps.toFixed(0)} views/s`);
    const sent = out.reduce((n, c) => n + c.sent, 0);
    const counted = out.reduce((n, c) => n + c.counted, 0);
    const overCounted = out.reduce((n, c) => n + c.overCounted, 0);
    return { sent, counted, ratio: counted / Math.max(sent, 1), overCounted, target: { ratio: 0.999, overCounted: 0 }, met: counted / Math.max(sent, 1) >= 0.999 && overCounted === 0, checks: out };
  };
  // --- 4. live: dashboards (totals frames) at the highest click rate, and 1,000 sockets beside the floor ---
  // The floor: the same sockets and clicks on a bare DO that only broadcasts (bench/bare/worker.mjs),
  // in its own Miniflare, measured right after ours. `full` adds the per-click and batch runs.
  const liveChecks = async (full, srv = server, srvPid = pid) => {
    log("live: dashboards at the highest click rate");
    const page = async (slug) => (await createPages(srv.url, [slug], { links: 100 }))[0];
    const ours = (p, mode) => ({
      wsUrl: `${srv.url.replace(/^http/, "ws")}/api/v1/pages/${p.slug}/live${mode === "each" ? "" : `?${mode}=1`}`,
      clickBase: `${srv.url}/${p.slug}/go`,
      warmUrl: `${srv.url}/__bench/static`,
      token: p.token,
      linkIds: p.linkIds,
      mode,
    });
    const owners = await liveOwners({ ...ours(await page("live-owners"), "totals"), sockets: CONFIG.live.owners, seconds: CONFIG.live.ownersSeconds, log });
    log(`  ${owners.sockets} dashboards, ${owners.clicksPerSecond.toFixed(0)} clicks/s: p50 ${owners.p50Ms.toFixed(1)} ms, p99 ${owners.p99Ms.toFixed(1)} ms, ${owners.frames} frames, ${owners.closes} closes`);
    const runs = [{ mode: "totals", rate: CONFIG.live.rate, seconds: CONFIG.live.seconds }];
    if (full) {
      runs.push(
        { mode: "batch", rate: CONFIG.live.rate, seconds: CONFIG.live.seconds },
        { mode: "each", rate: CONFIG.live.rate, seconds: CONFIG.live.seconds },
        { mode: "each", rate: CONFIG.live.lightRate, seconds: CONFIG.live.lightSeconds },
        { mode: "totals", rate: CONFIG.live.floorRate, seconds: CONFIG.live.floorSeconds },
      );
    }
    const runsOut = [];
    for (const [i, r] of runs.entries()) {
      await sleep(1000);
      runsOut.push(await liveFanout({ ...ours(await page(`live-${i}`), r.mode), sockets: CONFIG.live.sockets, workerdPid: srvPid, rate: r.rate, seconds: r.seconds, log }));
      const l = runsOut[i];
      log(`  ${l.mode}, ${r.rate} clicks/s: p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms, ${l.frames} frames, ${l.closes} closes, CPU per frame: runtime ${l.cpu.runtimeUsPerFrame.toFixed(0)} µs, client ${l.cpu.clientUsPerFrame.toFixed(0)} µs`);
    }
    const bareServer = await startBareServer();
    let bare;
    try {
      const linkIds = Array.from({ length: 100 }, (_, i) => `l${i}`);
      bare = await liveFanout({
        wsUrl: `${bareServer.url.replace(/^http/, "ws")}/bare/live`,
        clickBase: `${bareServer.url}/bare/go`,
        warmUrl: `${bareServer.url}/warm/go/x`,
        linkIds,
        mode: "bare",
        sockets: CONFIG.live.sockets,
        rate: CONFIG.live.rate,
        seconds: CONFIG.live.seconds,
        log,
      });
    } finally {
      await bareServer.stop();
    }
    const head = runsOut[0];
    log(`  bare DO, ${CONFIG.live.rate} clicks/s: p50 ${bare.p50Ms.toFixed(1)} ms, p99 ${bare.p99Ms.toFixed(1)} ms — ours ÷ bare p99: ${(head.p99Ms / bare.p99Ms).toFixed(2)}×`);
    return {
      liveOwners: { sockets: owners.sockets, clicksPerSecond: owners.clicksPerSecond, p50Ms: owners.p50Ms, p99Ms: owners.p99Ms, closes: owners.closes, target: { p99Ms: 100, closes: 0 }, met: owners.p99Ms <= 100 && owners.closes === 0, run: owners },
      liveFanout: {
        ...head,
        bareP99Ms: bare.p99Ms,
        bareP50Ms: bare.p50Ms,
        ratioToBare: head.p99Ms / bare.p99Ms,
        target: { ratioToBare: 1.5 },
        met: head.p99Ms <= 1.5 * bare.p99Ms,
        bare,
        ...(full ? { batch: runsOut[1], onePerClick: runsOut[2], onePerClickLighterLoad: runsOut[3], loneClicks: runsOut[4] } : {}),
      },
      runs: [...runsOut, bare],
    };
  };
  if (only === "live") {
    const live = await liveChecks(false);
    delete live.runs;
    console.log(JSON.stringify(live, (k, v) => (k === "gcWindow" ? undefined : v), 2));
    process.exitCode = live.liveOwners.met && live.liveFanout.met ? 0 : 1;
  } else if (only === "analytics") {
    // Scenario 5 alone, on a fresh server: no click storm before it, so compare it with a run of the same mode.
    const [stats] = await withIds(await createPages(server.url, ["stats"], { links: 100 }));
    await seedYear(server.db, stats.pageId, stats.linkIds, Date.now());
    const a = await analyticsLatency({ url: server.url, page: stats, ...CONFIG.analytics });
    const ratio = (x) => +(x.p50Ms / a.baseline.p50Ms).toFixed(2);
    console.log(JSON.stringify({ ...a, firstAskRatio: ratio(a.d30Uncached), askedAgainRatio: ratio(a.d30), yearRatio: ratio(a.d365) }, null, 2));
  } else if (only === "views") {
    const views = await viewChecks();
    console.log(JSON.stringify(views, null, 2));
    process.exitCode = views.met ? 0 : 1;
  } else {
  const [hot, storm] = await createPages(server.url, ["hot", "storm"]);
  const cold = await createPages(server.url, numberedSlugs("cold", CONFIG.coldPages));
  log(`created ${cold.length + 2} pages`);

  // --- 6. page weight ----------------------------------------------------------------------------
  // The typical page has a profile photo too (docs/pages.md#page-weight): uploaded like any client would.
  const photo = await fetch(`${server.url}/api/v1/pages/hot/avatar`, {
    method: "PUT",
    headers: { "content-type": "image/png", authorization: `Bearer ${hot.token}`, ...someClient() },
    body: photoPng(),
  });
  if (photo.status !== 200) throw new Error(`uploading the hot page's photo: ${photo.status} ${await photo.text()}`);
  const res = await fetch(`${server.url}/hot`, { headers: { "accept-encoding": "identity" } });
  const html = await res.text();
  const subresources = [...html.matchAll(/\s(?:src|srcset)=|<link[^>]+rel="?(?:stylesheet|preload|icon|modulepreload)|url\(|@import/gi)].length;
  const pageWeight = {
    bytes: Buffer.byteLength(html),
    gzipBytes: gzipSync(html).length,
    requests: 1 + subresources,
    links: 10,
    socials: 6,
    photo: /<img class="avatar"/.test(html),
    csp: res.headers.get("content-security-policy"),
    setCookie: res.headers.get("set-cookie"),
  };

  // --- 1–3. throughput, with RSS sampled while the click storm runs -----------------------------
  let peakRss = 0;
  let sampler = null;
  const onRun = (name, phase) => {
    if (name !== "clicks") return;
    if (phase === "start") sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(pid))), 100);
    else clearInterval(sampler);
  };
  log("throughput: static / hot / cold / clicks, interleaved rounds");
  const tp = await throughput({
    url: server.url,
    routes: {
      static: ["/__bench/static"],
      hot: ["/hot"],
      cold: cold.map((p) => `/${p.slug}`),
      clicks: [`/storm/go/${storm.linkIds[0]}`],
    },
    connections: CONFIG.connections,
    rounds: CONFIG.rounds,
    durationS: CONFIG.durationS,
    warmupS: CONFIG.warmupS,
    fixedRate: CONFIG.fixedRate,
    fixedRateS: CONFIG.fixedRateS,
    log,
    onRun,
    // The runtime evicts a DO some 10–25 s after its last request; one unmeasured pass over the 1,000
    // pages first, so "cold" means "not in the Worker's cache", not "Durable Object starting up".
    prime: { cold: () => run({ url: server.url, paths: cold.map((p) => `/${p.slug}`), connections: 50, amount: cold.length }) },
  });

  // --- 3b. exact counts --------------------------------------------------------------------------
  log("click storm, exact counts");
  sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(pid))), 100);
  const checks = [];
  const one = await withIds(await createPages(server.url, ["count-one"]));
  checks.push({ label: `1 page, ${CONFIG.clickAmounts.onePage} clicks, 50 conn`, ...(await clickCount({ server, pages: one, amount: CONFIG.clickAmounts.onePage, connections: 50, flushIntervalMs: CONFIG.flushIntervalMs, log })) });
  log(`  ${checks.at(-1).label}: sent ${checks.at(-1).sent}, counted ${checks.at(-1).counted}`);
  const many = await withIds(await createPages(server.url, numberedSlugs("count-many", 100)));
  checks.push({ label: `100 pages, ${CONFIG.clickAmounts.hundredPages} clicks, 50 conn`, ...(await clickCount({ server, pages: many, amount: CONFIG.clickAmounts.hundredPages, connections: 50, flushIntervalMs: CONFIG.flushIntervalMs, log })) });
  log(`  ${checks.at(-1).label}: sent ${checks.at(-1).sent}, counted ${checks.at(-1).counted}`);
  const faulty = await withIds(await createPages(server.url, numberedSlugs("count-fault", 100)));
  checks.push({ label: `100 pages, ${CONFIG.clickAmounts.hundredPages} clicks, 1 flush fails`, ...(await clickCount({ server, pages: faulty, amount: CONFIG.clickAmounts.hundredPages, connections: 50, injectFailure: true, flushIntervalMs: CONFIG.flushIntervalMs, log })) });
  log(`  ${checks.at(-1).label}: sent ${checks.at(-1).sent}, counted ${checks.at(-1).counted}, injected failures seen ${checks.at(-1).injectedFailures}`);
  clearInterval(sampler);
  const views = await viewChecks();

  // --- 5. analytics --------------------------------------------------------------------------------
  log("analytics: seeding a year of hourly aggregates for 100 links");
  const [stats] = await withIds(await createPages(server.url, ["stats"], { links: 100 }));
  const rows = await seedYear(server.db, stats.pageId, stats.linkIds, Date.now());
  const analytics = await analyticsLatency({ url: server.url, page: stats, ...CONFIG.analytics });
  analytics.rows = rows;
  log(`  30 d p50 ${analytics.d30.p50Ms.toFixed(2)} ms vs 1-row SELECT ${analytics.baseline.p50Ms.toFixed(2)} ms`);

  // --- 7. a viral page across isolates (its own Miniflare) ----------------------------------------
  const viral = await viralViews({ ...CONFIG.viralViews, log });
  const sharded = await shardedClicks({ ...CONFIG.shardedClicks, log });
  log(`  render calls per isolate-second: ${viral.renderCallsPerIsolateSecond.toFixed(2)} (${viral.renderCalls} in ${viral.seconds} s, ${viral.viewsPerSecondServed.toFixed(0)} views/s served)`);

  // --- 4. live, last, on a runtime of its own ------------------------------------------------------
  // Headline: totals frames (?totals=1), what the dashboard asks for, beside the bare DO; then ?batch=1
  // and the contract's default one message per click at the same and a lighter rate; then lone clicks
  // (2/s). A fresh runtime, as the bare DO gets: after the storms above, the first one's heap holds a
  // thousand pages' DOs, and its major collections (about 100 ms) would be measured, not our fan-out.
  await server.stop();
  const liveServer = await startServer();
  let liveResults;
  let live;
  try {
    liveResults = await liveChecks(true, liveServer, liveServer.workerdPid());
    live = liveResults.runs.filter((r) => r.mode !== "bare");
    await sleep(2000); // workerd's GC log lines arrive after the runs
    for (const l of live) l.runtimeGc = runtimeGc(l, liveServer.gcPauses);
  } finally {
    await liveServer.stop();
  }
  log(`  runtime GC pauses during the live runs: ${live.map((l) => `${l.mode} ${l.offeredRate}/s: ${l.runtimeGc.major} major (longest ${l.runtimeGc.majorMaxMs.toFixed(0)} ms), ${l.runtimeGc.minor} minor`).join("; ")}`);

  // --- results -------------------------------------------------------------------------------------
  const at = (name, c) => tp.byConnections[c][name];
  const headline = (name) => Math.min(...CONFIG.connections.map((c) => at(name, c).ratio.median));
  const sum = (k) => checks.reduce((n, c) => n + c[k], 0);
  const results = {
    ...env,
    config: CONFIG,
    scenarios: {
      // With views on: every request of the hot page is a browser GET, counted (actions/count-views.ts).
      hotPage: { ratio: headline("hot"), target: 0.9, met: headline("hot") >= 0.9, viewsCounted: true, byConnections: Object.fromEntries(CONFIG.connections.map((c) => [c, at("hot", c)])) },
      coldPage: { ratio: headline("cold"), target: 0.4, met: headline("cold") >= 0.4, pages: CONFIG.coldPages, byConnections: Object.fromEntries(CONFIG.connections.map((c) => [c, at("cold", c)])) },
      clicks: {
        ratio: at("clicks", 50).ratio.median,
        target: 0.35,
        met: at("clicks", 50).ratio.median >= 0.35 && sum("lost") === 0 && sum("doubled") === 0,
        sent: sum("sent"),
        counted: sum("counted"),
        lost: sum("lost"),
        doubled: sum("doubled"),
        checks,
        byConnections: Object.fromEntries(CONFIG.connections.map((c) => [c, at("clicks", c)])),
      },
      pageViews: views,
      liveFanout: liveResults.liveFanout,
      liveOwners: liveResults.liveOwners,
      // Headline: a range nobody asked before (the Worker reads D1); the same range asked again (the
      // dashboard does after live clicks) reuses the Worker's D1 snapshot. Met only if both are.
      analytics30d: {
        p50Ms: analytics.d30Uncached.p50Ms,
        p99Ms: analytics.d30Uncached.p99Ms,
        baselineP50Ms: analytics.baseline.p50Ms,
        baselineP99Ms: analytics.baseline.p99Ms,
        ratio: analytics.d30Uncached.p50Ms / analytics.baseline.p50Ms,
        target: 2,
        met: analytics.d30Uncached.p50Ms <= 2 * analytics.baseline.p50Ms && analytics.d30.p50Ms <= 2 * analytics.baseline.p50Ms,
        firstAsk: { ...analytics.d30Uncached, ratio: analytics.d30Uncached.p50Ms / analytics.baseline.p50Ms },
        askedAgain: { ...analytics.d30, ratio: analytics.d30.p50Ms / analytics.baseline.p50Ms },
        aggregateRows: rows,
      },
      analytics1y: { p50Ms: analytics.d365.p50Ms, p99Ms: analytics.d365.p99Ms, baselineP50Ms: analytics.baseline.p50Ms },
      pageWeight: { ...pageWeight, target: { bytes: 16384, requests: 2 }, met: pageWeight.photo && pageWeight.bytes <= 16384 && pageWeight.requests <= 2 },
      memory: { peakRssBytes: peakRss, idleRssBytes: idleRss, during: "click storm (throughput runs and exact-count runs)" },
      static: { byConnections: Object.fromEntries(CONFIG.connections.map((c) => [c, at("static", c)])) },
      fixedRate: tp.fixedRate,
      viralViews: viral,
      shardedClicks: sharded,
    },
    raw: { throughput: tp, live, analytics },
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  const out = join(REPO_ROOT, "bench", "results.json");
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nMeLinks bench — ${env.date}, ${env.machine.cpus} × ${env.machine.cpuModel}, load at start ${env.machine.loadAverageAtStart.join(" ")}`);
  console.log(`node ${env.versions.node}, wrangler ${env.versions.wrangler}, miniflare ${env.versions.miniflare}, workerd ${env.versions.workerd}\n`);
  console.log(table(results));
  console.log(`\nRatios: median over ${CONFIG.rounds} rounds of (scenario req/s ÷ mean of the static runs just before and after it); ±: half the min–max spread of those ratios.`);
  console.log(`Wrote ${out} in ${results.durationSeconds} s.`);
  }
} finally {
  await server.stop();
}
