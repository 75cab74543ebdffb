// Scenario 4: live fan-out. `sockets` owner WebSockets on one page (the DO accepts them with the
// hibernation API), clicks offered at a fixed rate from a separate thread (so a busy receiver cannot
// slow the offered rate down), and for every (click, socket) pair the time from sending the click to
// that socket receiving its {type:"click"} message.
//
// Matching a message to its click without a lookup table: click i goes to link i mod L, so the k-th
// click on a link is click (k − 1)·L + linkIndex, and its message says total = k (one link is clicked
// only every L/rate seconds, so two clicks on the same link are never in flight together).
import http from "node:http";
import { Worker } from "node:worker_threads";
import WebSocket from "ws";
import { BROWSER_UA, pct, sleep } from "../lib/load.mjs";
import { cpuMs } from "../lib/proc.mjs";

const now = () => performance.timeOrigin + performance.now(); // comparable across threads

/**
 * @param {{ url: string, page: { slug: string, token: string, linkIds: string[] }, sockets: number,
 *   rate: number, seconds: number, batch?: boolean, workerdPid?: number | null, log: (s: string) => void }} o
 */
export async function liveFanout(o) {
  const wsUrl = `${o.url.replace(/^http/, "ws")}/api/v1/pages/${o.page.slug}/live${o.batch ? "?batch=1" : ""}`;
  const linkIndex = new Map(o.page.linkIds.map((id, i) => [id, i]));
  const L = o.page.linkIds.length;
  const total = Math.round(o.rate * o.seconds);
  const recvClick = new Int32Array(o.sockets * total);
  const recvAt = new Float64Array(o.sockets * total);
  let n = 0;
  let unmatched = 0;
  let frames = 0; // WebSocket messages received, snapshots included

  const sockets = [];
  const connectStart = now();
  for (let i = 0; i < o.sockets; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(o.sockets, i + 50); j++) {
      batch.push(
        new Promise((resolve, reject) => {
          const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${o.page.token}` }, perMessageDeflate: false });
          ws.once("error", reject);
          ws.once("message", () => resolve(ws)); // the snapshot
          ws.on("message", (data) => {
            const at = now();
            const msg = JSON.parse(data.toString());
            frames++;
            for (const c of msg.type === "clicks" ? msg.clicks : msg.type === "click" ? [msg] : []) {
              const click = (c.total - 1) * L + (linkIndex.get(c.linkId) ?? -1);
              if (click < 0 || click >= total || n >= recvAt.length) unmatched++;
              else {
                recvClick[n] = click;
                recvAt[n++] = at;
              }
            }
          });
        }),
      );
    }
    sockets.push(...(await Promise.all(batch)));
  }
  const connectSeconds = (now() - connectStart) / 1000;
  o.log(`  ${sockets.length} sockets connected in ${connectSeconds.toFixed(1)} s; offering ${o.rate} clicks/s for ${o.seconds} s`);
  await sleep(1000); // let the connection burst settle (snapshots, TCP buffers) before timing anything

  const clicker = new Worker(new URL(import.meta.url), {
    workerData: { url: o.url, slug: o.page.slug, linkIds: o.page.linkIds, rate: o.rate, total },
  });
  // The clicker first opens its connections (a load generator's own start-up is not what is measured).
  await new Promise((resolve, reject) => {
    clicker.once("message", resolve);
    clicker.once("error", reject);
  });
  await sleep(300);
  // CPU spent while clicks are delivered, by the runtime and by this process (the 1,000 receivers
  // and the clicker thread): who the 2 cores were busy for, per WebSocket message (frame) delivered.
  const cpuBefore = { runtime: o.workerdPid ? cpuMs(o.workerdPid) : 0, client: cpuMs(process.pid), frames };
  const gcFrom = Date.now();
  const sent = await new Promise((resolve, reject) => {
    clicker.once("message", resolve);
    clicker.once("error", reject);
    clicker.postMessage("go");
  });
  const expected = total * sockets.length;
  const deadline = now() + 30_000;
  while (n + unmatched < expected && now() < deadline) await sleep(50);
  const cpu = { runtimeMs: o.workerdPid ? cpuMs(o.workerdPid) - cpuBefore.runtime : NaN, clientMs: cpuMs(process.pid) - cpuBefore.client };
  const gcTo = Date.now();
  // Close with the WebSocket handshake, and wait for it: sockets merely dropped are torn down by the
  // runtime seconds later, all at once (~0.2 s of its one thread for 1,000), inside the next run.
  await Promise.all(
    sockets.map((ws) => new Promise((resolve) => {
      const timer = setTimeout(() => (ws.terminate(), resolve()), 10_000);
      ws.once("close", () => (clearTimeout(timer), resolve()));
      ws.close(1000, "bench done");
    })),
  );

  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) lat[i] = recvAt[i] - sent.at[recvClick[i]];
  lat.sort();
  return {
    sockets: sockets.length,
    offeredRate: o.rate,
    achievedRate: sent.achievedRate,
    clicks: total,
    failedClicks: sent.failed,
    messagesExpected: expected,
    messagesReceived: n + unmatched,
    mode: o.batch ? "batch" : "each",
    frames,
    unmatched,
    p50Ms: pct(lat, 0.5),
    p99Ms: pct(lat, 0.99),
    maxMs: n ? lat[n - 1] : NaN,
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
 * The runtime's garbage collections while a run's clicks were delivered: stop-the-world pauses on
 * its one thread, which every socket waits out. Ask once later work has flushed workerd's log.
 */
export function runtimeGc(run, gcPauses) {
  const gc = gcPauses(run.gcWindow.from, run.gcWindow.to);
  const major = gc.filter((g) => g.major);
  return { major: major.length, majorMaxMs: Math.max(0, ...major.map((g) => g.ms)), minor: gc.length - major.length, totalMs: gc.reduce((t, g) => t + g.ms, 0) };
}

/** The clicker thread: `total` clicks at `rate`/s, each send time recorded. */
async function clickerThread({ url, slug, linkIds, rate, total }) {
  const { parentPort } = await import("node:worker_threads");
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLICKER_CONNECTIONS });
  const at = new Float64Array(total);
  let failed = 0;
  // Open the agent's connections on the bench's static route, then wait for the go.
  await Promise.all(Array.from({ length: CLICKER_CONNECTIONS }, () => get(agent, `${url}/__bench/static`)));
  await new Promise((resolve) => {
    parentPort.once("message", resolve);
    parentPort.postMessage("ready");
  });
  const inflight = [];
  const start = now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - now();
    if (wait > 1) await sleep(wait);
    at[i] = now();
    inflight.push(get(agent, `${url}/${slug}/go/${linkIds[i % linkIds.length]}`).then((s) => (s === 302 ? 0 : failed++)));
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
if (!isMainThread && workerData?.slug) await clickerThread(workerData);
