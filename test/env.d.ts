import type { D1Migration } from "cloudflare:test";

// Test-only bindings, added in vitest.config.ts. Declared on Cloudflare.Env (not a global Env) so src types stay clean.
declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
