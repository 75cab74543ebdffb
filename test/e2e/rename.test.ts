// Renaming a page in a real browser against a real `wrangler dev` (docs/rename.md): the owner changes
// the address in the editor (the warning about printed QR codes is on screen), while the analytics tab
// keeps its live socket — it stays open, hears {type:"renamed"} with the new slug, replaces the URL
// without reconnecting, and counts a visitor who came through the old address (the click, counted at
// the new address, relayed to the old one's socket). Screenshot: $SCREENSHOT_DIR/dash-rename.png.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousA11yViolations } from "./helpers/axe";
import { launchChromium, newPage, record, SKIP_MESSAGE, uniqueSlug, type PageRecorder } from "./helpers/browser";
import { signInThroughOutbox, uniqueEmail } from "./helpers/sign-in";

const baseUrl = inject("baseUrl");
const hasChromium = inject("chromiumAvailable");
const PERSON_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const sameOrigin = (url: string) => url.startsWith(`${baseUrl}/`) || url.startsWith(baseUrl.replace(/^http/, "ws") + "/");

describe.skipIf(!hasChromium)(hasChromium ? "renaming a page in Chromium" : `renaming a page in Chromium — SKIPPED: ${SKIP_MESSAGE}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let rec: PageRecorder;
  const slug = uniqueSlug("old");
  const to = uniqueSlug("new");

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page } = await newPage(browser, { viewport: { width: 1280, height: 900 }, userAgent: PERSON_UA }));
    rec = await record(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renames from the editor while the analytics tab follows the page live", async () => {
    await page.goto(`${baseUrl}/login`);
    await signInThroughOutbox(page, baseUrl, uniqueEmail("rename"));
    // The page, created with the session as the dashboard's own scripts would call the API.
    const cookie = (await context.cookies(baseUrl)).map((c) => `${c.name}=${c.value}`).join("; ");
    const created = await fetch(`${baseUrl}/api/v1/pages`, {
      method: "POST",
      headers: { cookie, origin: baseUrl, "content-type": "application/json" },
      body: JSON.stringify({ slug, displayName: "Renamed in a browser", links: [{ title: "Health check", url: `${baseUrl}/healthz` }] }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    // Every live socket the analytics tab opens, and how each ended.
    const sockets: { url: string; closed: boolean }[] = [];
    page.on("websocket", (ws) => {
      const s = { url: ws.url(), closed: false };
      sockets.push(s);
      ws.on("close", () => (s.closed = true));
    });
    await page.goto(`${baseUrl}/dashboard/pages/${slug}/analytics?range=24h`);
    await page.locator("[data-live-pill][data-state='live']").waitFor();
    expect(sockets.map((s) => s.url)).toEqual([expect.stringContaining(`/pages/${slug}/live?totals=1`)]);
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    // Another editor tab with an unsaved change, its live socket open: it must follow the page and save there.
    const stale = await context.newPage();
    const staleSocket = stale.waitForEvent("websocket");
    await stale.goto(`${baseUrl}/dashboard/pages/${slug}`);
    await (await staleSocket).waitForEvent("framereceived"); // the snapshot: the socket is live
    await stale.getByLabel("Display name").fill("Saved from a tab opened before the rename");

    const editor = await context.newPage();
    await editor.goto(`${baseUrl}/dashboard/pages/${slug}`);
    await expect(editor.locator("#rename-warning").textContent()).resolves.toContain("Printed QR codes");
    await editor.getByLabel("New address").fill(to);
    await Promise.all([editor.waitForURL(`${baseUrl}/dashboard/pages/${to}?renamed=1`), editor.getByRole("button", { name: "Change address" }).click()]);
    await expect(editor.locator(".flash").first().textContent()).resolves.toContain("new address");
    expect(await seriousA11yViolations(editor)).toEqual([]);
    await editor.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? "/tmp", "dash-rename.png"), fullPage: true });
    await editor.close();

    // The stale editor tab was told too: it kept its change and moved to the new address. The rename was
    // an edit, so saving the older draft is refused as any concurrent edit is (412), never sent to the
    // old address, and the notice links to the latest version at the new one.
    await stale.waitForURL(`${baseUrl}/dashboard/pages/${to}`);
    await expect(stale.locator("[data-save-status]").textContent()).resolves.toContain(`now /${to}`);
    await expect(stale.getByLabel("Display name").inputValue()).resolves.toBe("Saved from a tab opened before the rename");
    await stale.getByRole("button", { name: "Save changes" }).click();
    await stale.locator("[data-conflict]").waitFor();
    await expect(stale.locator("[data-conflict] a").getAttribute("href")).resolves.toBe(`/dashboard/pages/${to}`);
    await stale.close();

    // The analytics tab was told ({type:"renamed"}): it shows the new address, on the same socket.
    await page.waitForURL(`${baseUrl}/dashboard/pages/${to}/analytics?range=24h`);
    await page.locator("[data-live-pill][data-state='live']").waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    // A visitor with the old address (a printed QR code) lands on the page and clicks: counted live.
    const visitor = await context.newPage();
    await visitor.goto(`${baseUrl}/${slug}`);
    expect(visitor.url()).toBe(`${baseUrl}/${to}`);
    await Promise.all([visitor.waitForURL(`${baseUrl}/healthz`), visitor.getByRole("link", { name: "Health check" }).click()]);
    await visitor.close();
    await page.locator("[data-total]").filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
    // Heard on the socket opened before the rename: never closed, never another one.
    expect(sockets).toEqual([{ url: expect.stringContaining(`/pages/${slug}/live?totals=1`), closed: false }]);
  });

  it("requested nothing from another origin, and had no CSP violation or console error", async () => {
    expect(rec.requests.filter((u) => !sameOrigin(u) && !u.startsWith("data:") && u !== "about:blank")).toEqual([]);
    expect(await rec.cspViolations()).toEqual([]);
    expect(rec.consoleErrors).toEqual([]);
    expect(rec.pageErrors).toEqual([]);
  });
});
