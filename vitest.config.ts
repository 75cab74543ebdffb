import { cloudflareTest, readD1Migrations, type D1Migration } from "@cloudflare/vitest-plugin";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * Files that read storage as a whole (every D1 row, KV key and page DO), so they need storage no other
 * file wrote to: they get a fresh workerd each. Every other file makes its own pages, accounts and
 * addresses and only looks at those.
 */
const WHOLE_STORAGE = ["test/integration/privacy.audit.test.ts"];

/** Unit and integration tests inside workerd: real D1, KV, R2, Queues and Durable Objects. */
function workers(name: string, migrations: D1Migration[], files: { include: string[]; exclude?: string[]; isolate: boolean }): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        // ADMIN_TOKEN: the operator routes exist only when it is set.
        miniflare: { bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: "test-admin-token" } },
      }),
    ],
    test: {
      name,
      ...files,
      setupFiles: ["./test/setup.ts"],
      // A hang guard, not a speed target: an edit returns only after every cached copy of the page
      // has expired (about 1.5 s, docs/caching.md#freshness), so a test with several edits takes seconds,
      // and more on a busy machine.
      testTimeout: 30_000,
      // Fakes on 127.0.0.1, their URLs provided to tests: a Resend API for the mailer tests
      // ("resendFakeUrl") and a webhook receiver for the webhook tests ("webhookFakeUrl").
      globalSetup: ["./test/resend-fake/global-setup.ts", "./test/webhook-fake/global-setup.ts"],
    },
  };
}

// Projects: everything that runs inside workerd (unit + integration), and browser end-to-end tests
// that drive Debian's Chromium against a real `wrangler dev`.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      projects: [
        // isolate: false — one workerd per worker lane, reused by the files that lane runs one after
        // another, instead of a fresh workerd (and fresh storage) per file: less than half the CPU
        // of `npm test` (test/README.md#speed).
        workers("workers", migrations, { include: ["test/unit/**/*.test.{ts,tsx}", "test/integration/**/*.test.ts"], exclude: WHOLE_STORAGE, isolate: false }),
        workers("workers-whole-storage", migrations, { include: WHOLE_STORAGE, isolate: true }),
        {
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["./test/e2e/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
