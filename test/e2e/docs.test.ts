// /docs/api in a real browser (Debian's Chromium) against a real `wrangler dev`: Scalar renders the
// reference from our own origin only (docs/contract.md#privacy-promises: no third-party request), under the page's CSP without
// a single violation, and shows a copy-paste curl example for every operation of the OpenAPI document.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, record, SKIP_MESSAGE } from "./helpers/browser";

const baseUrl = inject("baseUrl");
const hasChromium = inject("chromiumAvailable");

const sameOrigin = (url: string) => url.startsWith(`${baseUrl}/`);

interface Operation {
  method: string;
  path: string;
  secured: boolean;
}

/** Scroll the whole reference (Scalar renders operations as they come into view), collecting each operation's curl example. */
async function collectCurlExamples(page: Page): Promise<Map<string, string>> {
  const examples = new Map<string, string>();
  for (let step = 0; step < 400; step++) {
    const found = await page.evaluate(() =>
      [...document.querySelectorAll("[id*='/tag/']")].flatMap((section) => {
        const m = /\/tag\/[^/]+\/(GET|POST|PUT|PATCH|DELETE)(\/[^.]*)$/.exec(section.id);
        const code = [...section.querySelectorAll("pre code, pre")].map((e) => e.textContent ?? "").find((t) => t.trimStart().startsWith("curl"));
        return m && code ? [[`${m[1]} ${m[2]}`, code] as const] : [];
      }),
    );
    for (const [op, code] of found) examples.set(op, code);
    const atBottom = await page.evaluate(() => {
      window.scrollBy(0, Math.round(window.innerHeight * 0.8));
      return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    });
    await page.waitForTimeout(60);
    if (atBottom && step > 0) break;
  }
  return examples;
}

describe.skipIf(!hasChromium)(hasChromium ? "API reference in Chromium" : `API reference in Chromium — SKIPPED: ${SKIP_MESSAGE}`, () => {
  let browser: Browser;
  let operations: Operation[];

  beforeAll(async () => {
    browser = await launchChromium();
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, secured: (op.security ?? []).length > 0 })),
    );
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders the reference from our origin only, with no CSP violation or error", async () => {
    const { context, page } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    const rec = await record(page);
    const res = await page.goto(`${baseUrl}/docs/api`);
    expect(res?.status()).toBe(200);
    expect(res!.headers()["content-security-policy"]).toContain("script-src 'self';");

    // The sidebar lists every operation once the document is loaded; picking one renders it.
    const inSidebar = page.getByText(/^Create a page/).first();
    await inSidebar.waitFor({ timeout: 30_000 });
    await inSidebar.click();
    await page.getByRole("heading", { name: /^Create a page/ }).waitFor({ timeout: 10_000 });
    expect(page.url()).toMatch(/#.*POST\/pages$/);
    await expect(page.getByRole("heading", { level: 1, name: "MeLinks API reference" }).isVisible()).resolves.toBe(true);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: "/tmp/docs-api.png" });

    expect(rec.requests.filter((u) => !sameOrigin(u))).toEqual([]);
    expect(new Set(rec.requests.map((u) => new URL(u).pathname))).toEqual(
      new Set(["/docs/api", "/docs/api/reference.js", "/assets/vendor/scalar-api-reference.js", "/api/v1/openapi.json"]),
    );
    expect(await rec.cspViolations()).toEqual([]);
    expect(rec.consoleErrors).toEqual([]);
    expect(rec.pageErrors).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it("shows a copy-paste curl example for every operation, with its Authorization header", async () => {
    const { context, page } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    const rec = await record(page);
    await page.goto(`${baseUrl}/docs/api`);
    await page.getByText(/^Create a page/).first().waitFor({ timeout: 30_000 });
    const examples = await collectCurlExamples(page);

    expect(operations.length).toBeGreaterThan(10);
    expect([...examples.keys()].sort()).toEqual(operations.map((o) => `${o.method} ${o.path}`).sort());
    for (const op of operations) {
      const curl = examples.get(`${op.method} ${op.path}`)!;
      const where = `${op.method} ${op.path}:\n${curl}`;
      // Path parameters are filled with examples (or left as {name}); the rest of the URL is exact.
      const url = new RegExp(`/api/v1${op.path.replace(/\{[^}]+\}/g, "[^/?' ]+")}(\\?[^' ]*)?'?(\\s|$)`);
      expect(curl, where).toMatch(url);
      if (op.method === "GET") expect(curl, where).not.toContain("--request");
      else expect(curl, where).toContain(`--request ${op.method}`);
      if (op.secured) expect(curl, where).toMatch(/--header 'Authorization: Bearer (mlk_YOUR_API_KEY|mlc_YOUR_CLAIM_TOKEN|YOUR_ADMIN_TOKEN)'/);
    }
    expect(examples.get("PUT /admin/users/{email}/plan")).toContain("Authorization: Bearer YOUR_ADMIN_TOKEN");
    expect(rec.requests.filter((u) => !sameOrigin(u))).toEqual([]);
    expect(await rec.cspViolations()).toEqual([]);
    await context.close();
  });
});
