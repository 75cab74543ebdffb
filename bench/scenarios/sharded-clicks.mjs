// Scenario: click shards (docs/performance.md#click-shards-built). Several router isolates
// (bench/lib/isolates.mjs) send clicks on one page as fast as they can; the page's DO turns shards on
// by itself, the routers deal clicks over the shards, and while they do, faults are injected around the
// shards' D1 (a host shim, below): one shard's flush fails before D1 commits, one's after D1 committed
// (the reply lost), and one shard is aborted right after its flush committed (mid-flush: before it
// deletes what D1 now holds). Then everything is flushed and D1 is compared, link by link, with the
// 302s the visitors got: lost = clicks answered but not counted, doubled = counted more than answered.
import { BROWSER_UA, sleep } from "../lib/load.mjs";
import { startIsolates } from "../lib/isolates.mjs";
import { createPages } from "../lib/seed.mjs";

/**
 * The host Worker's entry: the bundle, with each ClickShard's D1 wrapped so the bench can plan faults
 * per shard name through /__faults (module state: the host's fetch and its DOs share the isolate).
 */
const HOST_SHIM = `import worker, { LinkPage, ClickShard as Shard } from "./index.js";
export { LinkPage };
const plan = {};
const seen = [];
function faulty(db, name, ctx) {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop !== "batch") return typeof value === "function" ? value.bind(target) : value;
      return async (statements) => {
        const step = (plan[name] ?? []).shift();
        if (step) seen.push({ shard: name, fault: step, at: Date.now() });
        if (step === "before") throw new Error("bench: injected D1 failure before commit");
        const results = await value.call(target, statements);
        if (step === "after") throw new Error("bench: injected D1 failure after commit");
        if (step === "abort") ctx.abort("bench: shard aborted mid-flush");
        return results;
      };
    },
  });
}
export class ClickShard extends Shard {
  constructor(ctx, env) {
    super(ctx, { ...env, DB: faulty(env.DB, ctx.id.name ?? "?", ctx) });
  }
}
export default {
  ...worker,
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== "/__faults") return worker.fetch(request, env, ctx);
    if (request.method === "POST") for (const [name, steps] of Object.entries(await request.json())) plan[name] = [...(plan[name] ?? []), ...steps];
    return Response.json({ seen, pending: plan });
  },
};
`;

/**
 * @param {{ isolates: number, clicks: number, concurrency: number, rttMs: number, log: (s: string) => void }} o
 */
export async function shardedClicks(o) {
  o.log(`sharded clicks: ${o.isolates} isolates, ${o.clicks} clicks, ${o.concurrency} in flight per isolate, rtt ${o.rttMs} ms`);
  const h = await startIsolates({ isolates: o.isolates, rttMs: o.rttMs, hostShim: HOST_SHIM });
  try {
    const [page] = await createPages(h.urls[0], ["sharded"], { links: 10 });
    const pageId = (await h.db.prepare("SELECT id FROM pages WHERE slug = ?").bind(page.slug).first()).id;
    const sentByLink = new Map(page.linkIds.map((id) => [id, 0]));
    const statuses = {};
    let issued = 0;
    let transportErrors = 0;
    let faultsPlanned = false;
    let firstError = null;
    const started = Date.now();
    const planFaults = async () => {
      faultsPlanned = true;
      const body = { "sharded#1": ["before"], "sharded#2": ["after"], "sharded#3": ["abort"] };
      await fetch(`${h.hostUrl}/__faults`, { method: "POST", body: JSON.stringify(body) });
      o.log(`  faults planned at ${issued} clicks: sharded#1 before commit, sharded#2 after commit, sharded#3 aborted mid-flush`);
    };
    const loop = async (url) => {
      while (issued < o.clicks) {
        const n = issued++;
        if (!faultsPlanned && n >= o.clicks / 5) await planFaults();
        const linkId = page.linkIds[n % page.linkIds.length];
        try {
          const res = await fetch(`${url}/${page.slug}/go/${linkId}`, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
          const body = await res.text();
          if (res.status >= 500 && res.status !== 503 && !firstError) firstError = body.slice(0, 300);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status === 302) sentByLink.set(linkId, sentByLink.get(linkId) + 1);
        } catch {
          transportErrors++;
        }
      }
    };
    await Promise.all(h.urls.flatMap((url) => Array.from({ length: o.concurrency }, () => loop(url))));
    const loadMs = Date.now() - started;
    const sent = [...sentByLink.values()].reduce((a, b) => a + b, 0);
    o.log(`  ${sent} clicks answered 302 in ${(loadMs / 1000).toFixed(1)} s (${Math.round(sent / (loadMs / 1000))}/s); statuses ${JSON.stringify(statuses)}`);

    // Every buffer flushes on its own alarm (2 s in the bench; failed ones back off and retry).
    const countedByLink = async () => {
      const { results } = await h.db.prepare("SELECT link_id, SUM(clicks) AS n FROM click_counts WHERE page_id = ? GROUP BY link_id").bind(pageId).all();
      return new Map(results.map((r) => [r.link_id, r.n]));
    };
    let counted = new Map();
    const deadline = Date.now() + 90_000;
    for (;;) {
      counted = await countedByLink();
      const total = [...counted.values()].reduce((a, b) => a + b, 0);
      if (total >= sent || Date.now() > deadline) break;
      await sleep(500);
    }
    await sleep(3000); // one more flush interval: anything counted twice would show now
    counted = await countedByLink();
    let lost = 0;
    let doubled = 0;
    for (const [id, n] of sentByLink) {
      const c = counted.get(id) ?? 0;
      lost += Math.max(0, n - c);
      doubled += Math.max(0, c - n);
    }
    const shardRows = (await h.db.prepare("SELECT shard, seq FROM click_shard_flushes WHERE page_id = ? ORDER BY shard").bind(pageId).all()).results;
    const calls = await h.doCalls();
    const callsByShard = {};
    for (const perIsolate of Object.values(calls)) {
      for (const [k, n] of Object.entries(perIsolate)) if (k.startsWith("clicks@")) callsByShard[k.slice(7)] = (callsByShard[k.slice(7)] ?? 0) + n;
    }
    const shardCalls = Object.values(callsByShard);
    const evenShare = shardCalls.reduce((a, b) => a + b, 0) / Math.max(shardCalls.length, 1);
    const faults = await (await fetch(`${h.hostUrl}/__faults`)).json();
    const result = {
      shards: shardRows.length,
      isolates: o.isolates,
      sent,
      counted: [...counted.values()].reduce((a, b) => a + b, 0),
      lost,
      doubled,
      maxShareOfCalls: shardCalls.length ? Math.max(...shardCalls) / evenShare : null,
      clicksPerShard: Object.fromEntries(shardRows.map((r) => [r.shard, r.seq])),
      callsPerShard: callsByShard,
      pageDoClickCalls: Object.values(calls).reduce((n, c) => n + (c.clicks ?? 0), 0),
      refused503: statuses[503] ?? 0,
      otherStatuses: Object.fromEntries(Object.entries(statuses).filter(([k]) => k !== "302" && k !== "503")),
      transportErrors,
      clicksPerSecond: Math.round(sent / (loadMs / 1000)),
      faultsInjected: faults.seen,
      faultsNotReached: faults.pending,
      firstErrorBody: firstError,
      firstWorkerErrors: h.logs.slice(0, 3).map((l) => l.slice(0, 400)),
      crossRequestPromiseWarnings: h.logs.filter((l) => /cross.request|different request/i.test(l)).length,
      target: { shards: 8, isolates: 4, clicks: 50_000, lost: 0, doubled: 0, maxShareOfCalls: 1.5 },
    };
    result.met =
      result.shards >= 8 && o.isolates >= 4 && sent >= 50_000 && lost === 0 && doubled === 0 && result.counted === sent &&
      result.maxShareOfCalls !== null && result.maxShareOfCalls <= 1.5 && faults.seen.length >= 3;
    return result;
  } finally {
    await h.stop();
  }
}
