#!/usr/bin/env node
// `npm start [-- wrangler dev args]`: apply local D1 migrations, then run `wrangler dev` offline.
// `npm start` puts node_modules/.bin first on PATH, so wrangler runs on the project's Node 22.
import { spawn, spawnSync } from "node:child_process";

const extra = process.argv.slice(2);
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

// The migrations must land where `wrangler dev` will read them: forward --persist-to if given.
const persistAt = extra.findIndex((a) => a === "--persist-to" || a.startsWith("--persist-to="));
const persist = persistAt < 0 ? [] : extra[persistAt].includes("=") ? [extra[persistAt]] : extra.slice(persistAt, persistAt + 2);
const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", ...persist], { stdio: "inherit", env });
if (migrate.status !== 0) {
  console.error("Applying local D1 migrations failed; see above.");
  process.exit(migrate.status ?? 1);
}

const dev = spawn("wrangler", ["dev", ...extra], { stdio: "inherit", env });
// Pass signals on so Ctrl-C (or a test harness's SIGTERM) stops wrangler and workerd too.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => dev.kill(sig));
dev.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
