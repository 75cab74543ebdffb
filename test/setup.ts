import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs before each test file, outside per-file storage isolation. applyD1Migrations records what it
// applied in D1's migrations table and skips those, so running it repeatedly is safe.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
