// Scenario 4: live counts. Owner WebSockets on one page (the DO accepts them with the hibernation
// API), clicks from a separate thread (so a busy receiver cannot slow the clicks down), and for every
// (click, socket) pair the time until that socket received a message showing the click.
// - liveFanout: clicks offered at a fixed rate (open loop); latency from sending the click.
// - liveOwners: clicks as fast as the clicker's connections get answers (closed loop); latency from
//   the click's 302 (the click is durable by then), to the frame whose totals include it.
// The same functions drive the bare broadcasting DO (bench/bare/worker.mjs) for the floor.
//
// Matching without a lookup table: a socket records, per link, when it first saw each total k
// (from a {type:"click"}, a {type:"clicks"} frame or a {type:"totals"} frame). Open loop: click i goes
// to link i mod L and is that link's k = ⌊i / L⌋ + 1-th click (one link is clicked only every L/rate
// seconds, so two clicks on one link are never in flight together). Closed loop: a link's j-th 302 is
// matched to total j (each click is counted before its 302, so j 302s mean a total of at least j).
import http from "node:http";
import { Worker } from "node:worker_threads";
import WebSocket from "ws";
import { BROWSER_UA, pct, sleep } from "../lib/load.mjs";
import { cpuMs } from "../lib/proc.mjs";

const now = () => performance.timeOrigin + performance.now(); // comparable across threads

/** Open `n` sockets to `wsUrl`, 50 at a time, each recording when it first saw each link's totals. */
async function openSockets(o, n, L, linkIndex) {
  const seen = Array.from({ length: n * L }, () => []); // seen[s·L + l][k − 1] = when socket s first saw total k of link l
  const stats = { frames: 0, closes: 0 };
  const sockets = [];
  const record = (s, linkId, total, at) => {
    const l = linkIndex.get(linkId);
    if (l === undefined) return;
    const times = seen[s * L + l];
    while (times.length < total) times.push(at);
  };
  for (let i = 0; i < n; i += 50) {
    const batch = [];
    for (let s = i; s < Math.min(n, i + 50); s++) {
      batch.push(
        new Promise((resolve, reject) => {
          const ws = new WebSocket(o.wsUrl, { headers: o.token ? { authorization: `Bearer ${o.token}` } : {}, perMessageDeflate: false });
          ws.once("error", reject);
          ws.once("message", () => resolve(ws)); // the snapshot
          ws.on("close", () => ws.benchClosing || stats.closes++);
          ws.on("message", (data) => {
            const at = now();
            const msg = JSON.parse(data.toString());
            stats.frames++;
            if (msg.type === "totals") for (const [id, total] of Object.entries(msg.totals)) record(s, id, total, at);
            else for (const c of msg.type === "clicks" ? msg.clicks : msg.type === "click" ? [msg] : []) record(s, c.linkId, c.total, at);
          });
        }),
      );
    }
    sockets.push(...(await Promise.all(batch)));
  }
  return { sockets, seen, stats };
}

/** Close with the WebSocket handshake, and wait: sockets merely dropped are torn down by the runtime seconds later, all at once, inside the next run. */
function closeAll(sockets) {
  return Promise.all(
    sockets.map((ws) => new Promise((resolve) => {
      ws.benchClosing = true;
      const timer = setTimeout(() => (ws.terminate(), resolve()), 10_000);
      ws.once("close", () => (clearTimeout(timer), resolve()));
      ws.close(1000, "bench done");
    })),
  );
}

/** Start the clicker thread and let it open its connections (its start-up is not what is measured). */
async function startClicker(workerData) {
  const clicker = new Worker(new URL(import.meta.url), { workerData });
  await new Promise((resolve, reject) => {
    clicker.once("message", resolve);
    clicker.once("error", reject);
  });
  await sleep(300);
  return (msg) =>
    new Promise((resolve, reject) => {
      clicker.once("message", resolve);
      clicker.once("error", reject);
      clicker.postMessage(msg);
    });
}

/**
 * @param {{ wsUrl: string, clickBase: string, warmUrl: string, token?: string, linkIds: string[], sockets: number,
 *   rate: number, seconds: number, mode: string, workerdPid?: number | null, log: (s: string) => void }} o
 */
export async function liveFanout(o) {
  const linkIndex = new Map(o.linkIds.map((id, i) => [id, i]));
  const L = o.linkIds.length;
  const total = Math.round(o.rate * o.seconds);
  const connectStart = now();
  const { sockets, seen, stats } = await openSockets(o, o.sockets, L, linkIndex);
  const connectSeconds = (now() - connectStart) / 1000;
  o.log(`  ${sockets.length} sockets connected in ${connectSeconds.toFixed(1)} s; offering ${o.rate} clicks/s for ${o.seconds} s`);
  await sleep(1000); // let the connection burst settle (snapshots, TCP buffers) before timing anything

  const go = await startClicker({ clickBase: o.clickBase, warmUrl: o.warmUrl, linkIds: o.linkIds, rate: o.rate, total });
  // CPU spent while clicks are delivered, by the runtime and by this process (the receivers and the
  // clicker thread): who the 2 cores were busy for, per WebSocket message (frame) delivered.
  const cpuBefore = { runtime: o.workerdPid ? cpuMs(o.workerdPid) : 0, client: cpuMs(process.pid), frames: stats.frames };
  const gcFrom = Date.now();
  const sent = await go("go");
  const expected = total * sockets.length;
  const heard = () => seen.reduce((n, t) => n + t.length, 0);
  const deadline = now() + 30_000;
  while (heard() < expected && now() < deadline) await sleep(50);
  const cpu = { runtimeMs: o.workerdPid ? cpuMs(o.workerdPid) - cpuBefore.runtime : NaN, clientMs: cpuMs(process.pid) - cpuBefore.client };
  const gcTo = Date.now();
  await closeAll(sockets);

  const lat = [];
  for (let i = 0; i < total; i++) {
    const l = i % L;
    const k = Math.floor(i / L);
    for (let s = 0; s < sockets.length; s++) {
      const t = seen[s * L + l][k];
      if (t !== undefined) lat.push(t - sent.at[i]);
    }
  }
  const sorted = Float64Array.from(lat).sort();
  const frames = stats.frames;
  return {
    sockets: sockets.length,
    offeredRate: o.rate,
    achievedRate: sent.achievedRate,
    clicks: total,
    failedClicks: sent.failed,
    messagesExpected: expected,
    messagesReceived: sorted.length,
    mode: o.mode,
    frames,
    closes: stats.closes,
    p50Ms: pct(sorted, 0.5),
    p99Ms: pct(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
    connectSeconds,
    gcWindow: { from: gcFrom, to: gcTo }, // for runtimeGc(), once the runtime's GC log has caught up
    cpu: {
      ...cpu,
      runtimeUsPerFrame: (cpu.runtimeMs * 1000) / Math.max(1, frames - cpuBefore.frames),
      clientUsPerFrame: (cpu.clientMs * 1000) / Math.max(1, frames - cpuBefore.frames),
    },
  };
}

/**
 * `sockets` dashboards on one page while clicks come as fast as the clicker's connections are
 * answered, for `seconds`; latency from each click's 302 to each socket's frame showing it.
 * @param {{ wsUrl: string, clickBase: string, warmUrl: string, token?: string, linkIds: string[], sockets: number,
 *   seconds: number, mode: string, log: (s: string) => void }} o
 */
export async function liveOwners(o) {
  const linkIndex = new Map(o.linkIds.map((id, i) => [id, i]));
  const L = o.linkIds.length;
  const { sockets, seen, stats } = await openSockets(o, o.sockets, L, linkIndex);
  await sleep(500);
  const go = await startClicker({ clickBase: o.clickBase, warmUrl: o.warmUrl, linkIds: o.linkIds, closedLoopSeconds: o.seconds });
  const done = await go("go");
  // Per link, the 302s in the order they arrived: the j-th is shown once a frame says total ≥ j.
  const answered = Array.from({ length: L }, () => []);
  for (let i = 0; i < done.n; i++) if (done.ok[i]) answered[done.link[i]].push(done.at[i]);
  for (const a of answered) a.sort((x, y) => x - y);
  const expected = answered.reduce((n, a) => n + a.length, 0) * sockets.length;
  const heard = () => {
    let n = 0;
    for (let s = 0; s < sockets.length; s++) for (let l = 0; l < L; l++) n += Math.min(seen[s * L + l].length, answered[l].length);
    return n;
  };
  const deadline = now() + 30_000;
  while (heard() < expected && now() < deadline) await sleep(50);
  await closeAll(sockets);
  const lat = [];
  for (let s = 0; s < sockets.length; s++) {
    for (let l = 0; l < L; l++) {
      const times = seen[s * L + l];
      answered[l].forEach((r, j) => times[j] !== undefined && lat.push(Math.max(0, times[j] - r)));
    }
  }
  const sorted = Float64Array.from(lat).sort();
  const clicks = expected / Math.max(1, sockets.length);
  return {
    sockets: sockets.length,
    mode: o.mode,
    clicksPerSecond: clicks / done.seconds,
    clicks,
    failedClicks: done.n - clicks,
    seenExpected: expected,
    seen: sorted.length,
    frames: stats.frames,
    closes: stats.closes,
    p50Ms: pct(sorted, 0.5),
    p99Ms: pct(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/**
 * The runtime's garbage collections while a run's clicks were delivered: stop-the-world pauses on
 * its one thread, which every socket waits out. Ask once later work has flushed workerd's log.
 */
export function runtimeGc(run, gcPauses) {
  const gc = gcPauses(run.gcWindow.from, run.gcWindow.to);
  const major = gc.filter((g) => g.major);
  return { major: major.length, majorMaxMs: Math.max(0, ...major.map((g) => g.ms)), minor: gc.length - major.length, totalMs: gc.reduce((t, g) => t + g.ms, 0) };
}

/** The clicker thread: `total` clicks at `rate`/s (each send time recorded), or as many as answered in `closedLoopSeconds`. */
async function clickerThread({ clickBase, warmUrl, linkIds, rate, total, closedLoopSeconds }) {
  const { parentPort } = await import("node:worker_threads");
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLICKER_CONNECTIONS });
  // Open the agent's connections, then wait for the go.
  await Promise.all(Array.from({ length: CLICKER_CONNECTIONS }, () => get(agent, warmUrl)));
  await new Promise((resolve) => {
    parentPort.once("message", resolve);
    parentPort.postMessage("ready");
  });
  if (closedLoopSeconds) {
    const max = 200_000;
    const at = new Float64Array(max);
    const link = new Int32Array(max);
    const ok = new Uint8Array(max);
    let n = 0;
    const start = now();
    const end = start + closedLoopSeconds * 1000;
    await Promise.all(
      Array.from({ length: CLICKER_CONNECTIONS }, async () => {
        while (now() < end && n < max) {
          const i = n++;
          link[i] = i % linkIds.length;
          const status = await get(agent, `${clickBase}/${linkIds[link[i]]}`);
          at[i] = now();
          ok[i] = status === 302 ? 1 : 0;
        }
      }),
    );
    agent.destroy();
    parentPort.postMessage({ at, link, ok, n, seconds: (now() - start) / 1000 });
    return;
  }
  const at = new Float64Array(total);
  let failed = 0;
  const inflight = [];
  const start = now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - now();
    if (wait > 1) await sleep(wait);
    at[i] = now();
    inflight.push(get(agent, `${clickBase}/${linkIds[i % linkIds.length]}`).then((s) => (s === 302 ? 0 : failed++)));
  }
  const offeredMs = now() - start;
  await Promise.all(inflight);
  agent.destroy();
  parentPort.postMessage({ at, failed, achievedRate: total / (offeredMs / 1000) });
}

const CLICKER_CONNECTIONS = 32;

/** GET as a browser would, resolving with the status (0 on a network error). */
function get(agent, url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers: { "user-agent": BROWSER_UA } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", () => resolve(0));
  });
}

const { isMainThread, workerData } = await import("node:worker_threads");
if (!isMainThread && workerData?.clickBase) await clickerThread(workerData);
