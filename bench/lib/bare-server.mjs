// The bare broadcasting Durable Object (bench/bare/worker.mjs) under its own Miniflare, for the live
// fan-out floor: the same runtime version as the server under test, nothing else in it.
import { join } from "node:path";
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions } from "miniflare";
import { REPO_ROOT } from "./server.mjs";

/** @returns {Promise<{ url: string, stop: () => Promise<void> }>} */
export async function startBareServer() {
  const mf = new Miniflare(convertV4MiniflareOptions({
    name: "bare",
    modules: true,
    scriptPath: join(REPO_ROOT, "bench", "bare", "worker.mjs"),
    compatibilityDate: "2026-11-01",
    durableObjects: { BARE: "BareBroadcast" },
    host: "127.0.0.1",
    port: 0,
    cf: false, // no network: a placeholder Request.cf
    log: new Log(LogLevel.WARN),
  }));
  const url = (await mf.ready).toString().replace(/\/$/, "");
  return { url, stop: () => mf.dispose() };
}
