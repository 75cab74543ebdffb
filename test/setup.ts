import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs before each test file. Files of one worker lane share one workerd and its storage
// (vitest.config.ts, isolate: false): applyD1Migrations records what it applied in D1's migrations
// table and skips those, so running it again for the next file is safe.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
