import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects: everything that runs inside workerd (unit + integration, real D1/KV/DO storage),
// and browser end-to-end tests that drive Debian's Chromium against a real `wrangler dev`.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              // ADMIN_TOKEN: the operator routes exist only when it is set.
              miniflare: { bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: "test-admin-token" } },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/unit/**/*.test.{ts,tsx}", "test/integration/**/*.test.ts"],
            setupFiles: ["./test/setup.ts"],
            // A hang guard, not a speed target: an edit returns only after every cached copy of the page
            // has expired (about 1.5 s, docs/caching.md#freshness), so a test with several edits takes seconds,
            // and more on a busy machine.
            testTimeout: 30_000,
            // Fakes on 127.0.0.1, their URLs provided to tests: a Resend API for the mailer tests
            // ("resendFakeUrl") and a webhook receiver for the webhook tests ("webhookFakeUrl").
            globalSetup: ["./test/resend-fake/global-setup.ts", "./test/webhook-fake/global-setup.ts"],
          },
        },
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
