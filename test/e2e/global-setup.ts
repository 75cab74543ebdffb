// vitest globalSetup for the `e2e` project: one throwaway `wrangler dev` (fresh local D1/KV/DO
// storage in a temp dir) for all browser tests, stopped with its whole process group at the end.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { chromiumAvailable, CHROMIUM_PATH, startDevServer } from "../../scripts/dev-server.mjs";

export default async function setup(project: TestProject) {
  const haveChromium = chromiumAvailable();
  if (!haveChromium && process.env.CI) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH}, and CI must run them: install it with ` +
        "`apt-get update && apt-get install -y chromium` (never `playwright install`).",
    );
  }
  if (!haveChromium) {
    console.warn(
      `[e2e] ${CHROMIUM_PATH} not found: browser tests will be skipped. ` +
        "Install it with `apt-get update && apt-get install -y chromium`.",
    );
  }

  // The operator token exists only for this run: tests use it to switch an account to Pro.
  const adminToken = randomBytes(24).toString("base64url");
  const server = await startDevServer({ timeoutMs: 90_000, vars: { ADMIN_TOKEN: adminToken } });
  project.provide("baseUrl", server.url);
  project.provide("adminToken", adminToken);
  project.provide("chromiumAvailable", haveChromium);

  return async () => {
    await server.stop();
  };
}
