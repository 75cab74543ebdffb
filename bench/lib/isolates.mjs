// Several router isolates in one Miniflare, for scenarios about what happens across isolates (a viral
// page's renders, click shards). Each router is a separate Worker service running the same bundle
// `wrangler deploy` would upload, so each has its own isolate and module state (its own page cache,
// its own click batcher), exactly as two machines' isolates would. They share one `LinkPage` Durable
// Object namespace (the class lives in a host Worker, "melinks", that also runs the queue consumers and
// crons; the routers bind it with `scriptName`), and the same D1, KV, R2 and queues.
//
// Latency between a router and the DO is injected here, never in production code: each router's entry
// is a small shim module that imports the bundle and hands it an `env` whose LINK_PAGE namespace returns
// stubs that wait rttMs/2 before and after every call, and count the calls per method. The bench reads
// the counts from the shim's own path (`/__isolate/do-calls`), answered before the bundle sees the request.
import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { applyMigrations, BENCH_BINDINGS, bundle, bundleModules, REPO_ROOT } from "./server.mjs";

/** The Worker that hosts the DO class and the queue consumers, named as in wrangler.toml. */
export const HOST = "melinks";
/** The shim's own path: this isolate's DO calls per method since it started. */
export const DO_CALLS_PATH = "/__isolate/do-calls";

/**
 * The router shim: the bundle's fetch handler with a wrapped LINK_PAGE. Stubs are wrapped with a Proxy
 * so every RPC method (render, countViews, fetch, …) is delayed and counted; properties (id, name) and
 * `then` pass through untouched.
 */
const shimSource = (rttMs) => `import worker from "./index.js";
const HALF_RTT = ${rttMs / 2};
const calls = {};
const sleep = () => (HALF_RTT > 0 ? new Promise((r) => setTimeout(r, HALF_RTT)) : undefined);
function wrapStub(stub, label) {
  return new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof prop === "symbol" || prop === "then" || typeof value !== "function") return value;
      return async (...args) => {
        const key = label ? prop + "@" + label : prop;
        calls[key] = (calls[key] ?? 0) + 1;
        await sleep();
        const result = await Reflect.apply(value, target, args);
        await sleep();
        return result;
      };
    },
  });
}
function wrapNamespace(ns, byName) {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === "get" || prop === "getByName") return (...args) => wrapStub(Reflect.apply(value, target, args), byName && prop === "getByName" ? args[0] : undefined);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
const wrapped = new WeakMap();
function wrapEnv(env) {
  let w = wrapped.get(env);
  // Click shards too (bench/scenarios/sharded-clicks.mjs), counted per shard name: "clicks@<slug>#<k>".
  if (!w) wrapped.set(env, (w = { ...env, LINK_PAGE: wrapNamespace(env.LINK_PAGE), ...(env.CLICK_SHARD ? { CLICK_SHARD: wrapNamespace(env.CLICK_SHARD, true) } : {}) }));
  return w;
}
export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === ${JSON.stringify(DO_CALLS_PATH)}) return Response.json(calls);
    return worker.fetch(request, wrapEnv(env), ctx);
  },
};
`;

/**
 * @param {{ isolates: number, rttMs?: number, bindings?: Record<string, string>, hostShim?: string }} o
 *   hostShim: the source of an entry module for the host Worker, placed beside the bundle (it imports
 *   "./index.js" and re-exports the Worker and the DO classes, e.g. with fault injection around D1).
 * @returns {Promise<{ urls: string[], hostUrl: string, mf: Miniflare, db: any, logs: string[],
 *   doCalls: () => Promise<Record<number, Record<string, number>>>, stop: () => Promise<void> }>}
 */
export async function startIsolates({ isolates, rttMs = 0, bindings = {}, hostShim }) {
  const dir = await mkdtemp(join(tmpdir(), "melinks-isolates-"));
  try {
    return await start(dir, isolates, rttMs, bindings, hostShim);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function start(dir, isolates, rttMs, extraBindings, hostShim) {
  const scriptPath = bundle(join(dir, "dist"));
  const dist = dirname(scriptPath);
  const shimPath = join(dist, "isolate-shim.mjs");
  writeFileSync(shimPath, shimSource(rttMs));
  const [entry, ...wasm] = bundleModules(scriptPath);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(REPO_ROOT, "wrangler.toml"));
  delete workerOptions.assets; // as in server.mjs: no static-assets router in front
  const bindings = { ...workerOptions.bindings, ...BENCH_BINDINGS, ...extraBindings };
  let hostModules = [entry, ...wasm];
  if (hostShim) {
    const hostShimPath = join(dist, "host-shim.mjs");
    writeFileSync(hostShimPath, hostShim);
    hostModules = [{ type: "ESModule", path: hostShimPath }, entry, ...wasm];
  }
  const host = { ...workerOptions, name: HOST, modules: hostModules, modulesRoot: dist, bindings };
  const routerNames = Array.from({ length: isolates }, (_, i) => `router-${i}`);
  const routers = routerNames.map((name) => {
    const r = { ...workerOptions, name, modules: [{ type: "ESModule", path: shimPath }, entry, ...wasm], modulesRoot: dist, bindings };
    // Only the host consumes queues and runs crons (one consumer per queue); routers produce.
    delete r.queueConsumers;
    delete r.cronTriggers;
    r.durableObjects = Object.fromEntries(
      Object.entries(workerOptions.durableObjects).map(([binding, d]) => [binding, { ...d, scriptName: HOST }]),
    );
    r.unsafeDirectSockets = [{ host: "127.0.0.1", port: 0 }];
    return r;
  });
  /** @type {string[]} Worker console output (warn level and above), and workerd's own warnings. */
  const logs = [];
  const mf = new Miniflare(convertV4MiniflareOptions({
    workers: [host, ...routers],
    host: "127.0.0.1",
    port: 0,
    resourcePersistencePath: join(dir, "state"),
    enableDevRegistry: false,
    logRequests: false,
    cf: false,
    log: new Log(LogLevel.WARN),
    handleStructuredLogs: (entry) => {
      if (entry.level === "error" || entry.level === "warn") logs.push(String(entry.message));
    },
  }));
  const hostUrl = (await mf.ready).toString().replace(/\/$/, "");
  const urls = [];
  for (const name of routerNames) urls.push((await mf.unsafeGetDirectURL(name)).toString().replace(/\/$/, ""));
  const db = await mf.getD1Database("DB", HOST);
  await applyMigrations(db);
  return {
    urls,
    hostUrl,
    mf,
    db,
    logs,
    doCalls: async () => {
      const out = {};
      for (const [i, url] of urls.entries()) out[i] = await (await fetch(`${url}${DO_CALLS_PATH}`)).json();
      return out;
    },
    stop: async () => {
      await mf.dispose();
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
