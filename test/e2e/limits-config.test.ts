// The numbers of each rate limit have two homes that must agree: wrangler.toml's [[ratelimits]] (what
// Cloudflare counts) and src/lib/limits.ts (what the code says in 429s, Retry-After and docs/limits.md).
// Read in Node, next to deploy-config.test.ts, because the Workers runtime has no file system.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { LIMITS } from "../../src/lib/limits";

const ROOT = resolve(import.meta.dirname, "../..");

/** `name → { limit, period }` from wrangler.toml's top-level [[ratelimits]] blocks. */
function ratelimitsInToml(): Record<string, { limit: number; period: number }> {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const out: Record<string, { limit: number; period: number }> = {};
  for (const block of toml.split(/^\[\[ratelimits\]\]$/m).slice(1)) {
    const name = /^name = "([A-Z_]+)"/m.exec(block)?.[1];
    const simple = /^simple = \{ limit = (\d+), period = (\d+) \}/m.exec(block);
    if (name && simple) out[name] = { limit: Number(simple[1]), period: Number(simple[2]) };
  }
  return out;
}

it("every limit in src/lib/limits.ts has a wrangler.toml binding with the same numbers", () => {
  const toml = ratelimitsInToml();
  for (const [action, l] of Object.entries(LIMITS)) {
    expect(toml[l.binding], `${action} → ${l.binding}`).toEqual({ limit: l.limit, period: l.periodS });
  }
});
