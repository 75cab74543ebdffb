// Start and stop a throwaway `wrangler dev` (through scripts/start.mjs) for browser tests and screenshots.
// Shared by test/e2e/global-setup.ts and scripts/screenshots.mjs.
//
// - binds 127.0.0.1 on a free port, with fresh local storage in a temp dir (--persist-to), so runs
//   never see each other's pages or the developer's .wrangler/state;
// - runs with node_modules/.bin first on PATH, so wrangler gets the project's Node 22;
// - runs in its own process group: stopping it signals the group, so wrangler *and* workerd exit.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
// Debian's `chromium` package; CHROMIUM_PATH overrides it (e.g. to check the skip path).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

const LOG_LIMIT = 200_000; // characters of server output kept for error messages

/** @returns {boolean} */
export function chromiumAvailable() {
  return existsSync(CHROMIUM_PATH);
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return /** @type {Promise<number>} */ (
    new Promise((res, rej) => {
      const srv = createServer();
      srv.unref();
      srv.on("error", rej);
      srv.listen(0, "127.0.0.1", () => {
        const addr = srv.address();
        const port = typeof addr === "object" && addr ? addr.port : 0;
        srv.close(() => (port ? res(port) : rej(new Error("could not get a free port"))));
      });
    })
  );
}

/**
 * @typedef {object} DevServer
 * @property {string} url       e.g. http://127.0.0.1:43817 (no trailing slash)
 * @property {number} port
 * @property {string} persistDir
 * @property {() => string} log  everything the server printed so far (tail)
 * @property {() => Promise<void>} stop  stop the process group and remove the temp dir; idempotent
 */

/**
 * Start `node scripts/start.mjs --port <p> --ip 127.0.0.1 --persist-to <tmp>` and wait for GET /healthz.
 * @param {{ timeoutMs?: number, echo?: boolean, vars?: Record<string, string> }} [opts] echo: also print the server's output
 *   live; vars: Worker variables for this run (`wrangler dev --var K:V`), e.g. an ADMIN_TOKEN for tests
 * @returns {Promise<DevServer>}
 */
export async function startDevServer(opts = {}) {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const port = await freePort();
  const inspectorPort = await freePort();
  const persistDir = await mkdtemp(join(tmpdir(), "melinks-e2e-"));
  const url = `http://127.0.0.1:${port}`;
  const bin = join(REPO_ROOT, "node_modules", ".bin");
  const env = {
    ...process.env,
    PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_SEND_METRICS: "false",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
  const node = existsSync(join(bin, "node")) ? join(bin, "node") : "node";
  const args = [
    join(REPO_ROOT, "scripts", "start.mjs"),
    "--port", String(port),
    "--ip", "127.0.0.1",
    "--persist-to", persistDir,
    "--inspector-port", String(inspectorPort),
    "--show-interactive-dev-session=false",
    ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  const child = spawn(node, args, { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });

  let output = "";
  const collect = (/** @type {Buffer} */ chunk) => {
    const s = chunk.toString();
    if (opts.echo) process.stderr.write(s);
    output = (output + s).slice(-LOG_LIMIT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  /** @type {{ code: number | null, signal: string | null } | null} */
  let exited = null;
  const exitPromise = new Promise((res) =>
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      res(undefined);
    }),
  );
  /** @type {Error | null} */
  let spawnError = null;
  child.on("error", (e) => (spawnError = e));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.pid && !exited) {
      signalGroup(child.pid, "SIGTERM");
      const graceful = await Promise.race([exitPromise.then(() => true), sleep(8_000).then(() => false)]);
      if (!graceful) signalGroup(child.pid, "SIGKILL");
      // start.mjs exits when wrangler does; make sure workerd (same group) is gone as well.
      await sleep(200);
      signalGroup(child.pid, "SIGKILL");
    }
    await rm(persistDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (spawnError) throw spawnError;
      if (exited) throw new Error(`dev server exited early (${JSON.stringify(exited)})`);
      if (Date.now() > deadline) throw new Error(`dev server did not answer GET ${url}/healthz within ${timeoutMs / 1000}s`);
      if (await healthy(url)) break;
      await sleep(300);
    }
  } catch (e) {
    await stop();
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`${msg}\n--- server log (node scripts/start.mjs ${args.slice(1).join(" ")}) ---\n${output || "(no output)"}\n--- end of server log ---`);
  }

  return { url, port, persistDir, log: () => output, stop };
}

/** @param {string} url */
async function healthy(url) {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return false;
    const body = await res.json().catch(() => null);
    return body?.ok === true;
  } catch {
    return false;
  }
}

/** @param {number} pid @param {NodeJS.Signals} sig */
function signalGroup(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    // group already gone
  }
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
