// The README's production environment block (Deploy to Cloudflare, step 4) is what people paste into
// wrangler.toml. Bindings and vars are not inherited by an environment, so a binding missing there
// deploys a Worker whose first rate-limited request fails. This test pastes the block into a copy of
// wrangler.toml, runs `wrangler deploy --dry-run --env production`, and checks that wrangler has no
// complaint and that the Worker gets every binding and var the top level has.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "melinks-deploy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Step 4's ```toml block, unindented, with the placeholders filled in. */
function readmeProductionBlock(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("   ```toml\n   [env.production.vars]");
  expect(start, "the README has the production block").toBeGreaterThan(0);
  const body = readme.slice(start + "   ```toml\n".length, readme.indexOf("   ```\n", start + 10));
  return body
    .split("\n")
    .map((l) => l.replace(/^ {3}/, ""))
    .join("\n")
    .replace("<database_id from step 2>", "00000000-0000-4000-8000-000000000000")
    .replace("<id from step 3>", "0123456789abcdef0123456789abcdef");
}

/** wrangler's whole output (its warnings go to stderr); throws when it fails. */
function dryRun(env: string | null): string {
  const args = ["wrangler", "deploy", "--dry-run", "--outdir", join(dir, `dist-${env ?? "top"}`), ...(env ? ["--env", env] : [])];
  const run = spawnSync("npx", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
  });
  const out = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`wrangler deploy --dry-run ${env ? `--env ${env} ` : ""}failed:\n${out}`);
  return out;
}

/** Binding names from wrangler's "has access to the following bindings" table. */
const bindingsIn = (out: string) => [...out.matchAll(/^env\.([A-Z_]+)\b/gm)].map((m) => m[1]!).sort();

it("the README's production block gives the Worker every binding and var the top level has, with no wrangler warning", { timeout: 120_000 }, () => {
  for (const f of ["src", "public", "migrations", "package.json", "tsconfig.json", "wrangler.toml"]) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "wrangler.toml"), readFileSync(join(dir, "wrangler.toml"), "utf8") + "\n" + readmeProductionBlock());

  const top = dryRun(null);
  const production = dryRun("production");
  expect(production).not.toMatch(/not inherited|WARNING/i);
  expect(bindingsIn(production)).toEqual(bindingsIn(top));
  expect(bindingsIn(production)).toEqual(expect.arrayContaining(["AUTH_LIMITER", "PAGE_CREATE_LIMITER", "DB", "SESSIONS", "LINK_PAGE", "WEBHOOK_QUEUE"]));
  expect(production).toContain('env.ENVIRONMENT ("production")');
});
