// The server under test: the Worker exactly as `wrangler deploy` would upload it, run by Miniflare
// directly (no `wrangler dev` proxy in front, which caps throughput), with the bindings wrangler.toml
// declares, storage in a temp dir, and the D1 migrations applied through the D1 binding.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from "wrangler";
import { childNamed } from "./proc.mjs";

export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/**
 * Bench-only bindings on top of wrangler.toml's. BENCH=1 turns on the baseline routes
 * (src/routes/bench.ts); a 2 s flush interval keeps the "wait for the flush" steps short.
 */
export const BENCH_BINDINGS = { BENCH: "1", FLUSH_INTERVAL_SECONDS: "2" };

/**
 * A --trace-gc-nvp line: `[pid:isolate:n]   4277 ms: GC: {"pause":31.8,"gc":"mc",…}` — the time since
 * the isolate began, the pause, and the kind ("s" scavenge, "mc" mark-compact). The long lines get
 * workerd's buffered stdout to us every few collections.
 */
const GC_LINE = /\[\d+:(0x[0-9a-f]+)(?::\d+)?\]\s+(\d+) ms: GC: (\{.*\})/;

/**
 * The runtime's GC pauses between two wall-clock times. workerd's stdout reaches us in buffered
 * blocks, so a line's arrival time says little; its own time (since its isolate began) plus the
 * isolate's offset does. The offset is the smallest (arrival − own time) seen: the line that
 * ended a block arrived at once. Ask after later work has pushed the lines of interest out.
 */
function gcPausesBetween(lines, from, to) {
  const offset = new Map();
  for (const l of lines) offset.set(l.isolate, Math.min(offset.get(l.isolate) ?? Infinity, l.receivedAt - l.t));
  return lines.filter((l) => l.t + offset.get(l.isolate) >= from && l.t + offset.get(l.isolate) <= to).map(({ major, ms }) => ({ major, ms }));
}

/** `wrangler deploy --dry-run`: the same bundle production would run. */
export function bundle(outdir) {
  execFileSync("wrangler", ["deploy", "--dry-run", "--outdir", outdir], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
  });
  return join(outdir, "index.js");
}

/**
 * @returns {Promise<{ url: string, mf: Miniflare, db: any, logs: string[], gcPauses: (from: number, to: number) => { major: boolean, ms: number }[], workerdPid: () => number | null, stop: () => Promise<void> }>}
 */
export async function startServer() {
  const dir = await mkdtemp(join(tmpdir(), "melinks-bench-"));
  try {
    return await start(dir);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function start(dir) {
  const scriptPath = bundle(join(dir, "dist"));
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(REPO_ROOT, "wrangler.toml"));
  // No static-assets router in front: no measured route uses assets, and locally that router costs
  // more than the whole static route (docs/performance.md), a fixed overhead that would inflate ratios.
  delete workerOptions.assets;
  /** @type {string[]} Worker console output (error level and above), for the flush-failure scenario. */
  const logs = [];
  // workerd's V8 reports every garbage collection (one log line each): the bench shows
  // the runtime's pauses next to the live fan-out latencies they explain.
  /** @type {{ isolate: string, t: number, receivedAt: number, major: boolean, ms: number }[]} */
  const gcLines = [];
  const v8Flags = (process.env.MINIFLARE_WORKERD_V8_FLAGS ?? "").split(" ").filter(Boolean);
  if (!v8Flags.includes("--trace-gc-nvp")) process.env.MINIFLARE_WORKERD_V8_FLAGS = [...v8Flags, "--trace-gc-nvp"].join(" ");
  // wrangler still describes a Worker in Miniflare 4's shape; convert it to this Miniflare's.
  const mf = new Miniflare(convertV4MiniflareOptions({
    ...workerOptions,
    name: "melinks",
    // wrangler's bundle: one ES module, plus the image codec's WebAssembly beside it.
    modules: bundleModules(scriptPath),
    modulesRoot: join(dir, "dist"),
    bindings: { ...workerOptions.bindings, ...BENCH_BINDINGS },
    host: "127.0.0.1",
    port: 0,
    resourcePersistencePath: join(dir, "state"),
    enableDevRegistry: false,
    logRequests: false, // otherwise every request is reported to this process's loopback server
    cf: false, // no network: a placeholder Request.cf
    log: new Log(LogLevel.WARN),
    handleStructuredLogs: (entry) => {
      const gc = GC_LINE.exec(String(entry.message));
      if (gc) {
        const { pause, gc: kind } = JSON.parse(gc[3]);
        gcLines.push({ isolate: gc[1], t: Number(gc[2]), receivedAt: Date.now(), major: kind === "mc", ms: Number(pause) });
      } else if (entry.level === "error" || entry.level === "warn") logs.push(String(entry.message));
    },
  }));
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const db = await mf.getD1Database("DB");
  /** @type {Promise<void> | undefined} */
  let stopping;
  await applyMigrations(db);
  return {
    url,
    mf,
    db,
    logs,
    gcPauses: (from, to) => gcPausesBetween(gcLines, from, to),
    workerdPid: () => childNamed("workerd"),
    // Once, however often asked (the full bench stops its first runtime before the live runs, and again on the way out).
    stop: () =>
      (stopping ??= (async () => {
        await mf.dispose();
        await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      })()),
  };
}

/** The bundle's entry module first, then every WebAssembly module wrangler wrote beside it. */
export function bundleModules(scriptPath) {
  const dist = dirname(scriptPath);
  const wasm = readdirSync(dist).filter((f) => f.endsWith(".wasm"));
  return [{ type: "ESModule", path: scriptPath }, ...wasm.map((f) => ({ type: "CompiledWasm", path: join(dist, f) }))];
}

/** Every migrations/NNNN_*.sql in order, statement by statement, through the Miniflare D1 binding. */
export async function applyMigrations(db) {
  const dir = join(REPO_ROOT, "migrations");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    for (const stmt of unstable_splitSqlQuery(readFileSync(join(dir, file), "utf8"))) {
      if (stmt.trim()) await db.prepare(stmt).run();
    }
  }
}
