// The dashboard in a real browser (Debian's Chromium) against a real `wrangler dev`: sign in
// through the outbox, create a page, add and reorder links by keyboard, change the theme, see a click
// from another tab arrive live, catch a concurrent edit, API keys, a 360 px phone, and account deletion.
// Screenshots of each screen go to $SCREENSHOT_DIR (default /tmp) as dash-*.png.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, record, SKIP_MESSAGE, uniqueSlug, type PageRecorder } from "./helpers/browser";
import { seriousA11yViolations } from "./helpers/axe";
import { signInThroughOutbox, uniqueEmail } from "./helpers/sign-in";

const baseUrl = inject("baseUrl");
const PERSON_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const hasChromium = inject("chromiumAvailable");
const shot = (page: Page, name: string) => page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? "/tmp", `dash-${name}.png`), fullPage: true });
const sameOrigin = (url: string) => url.startsWith(`${baseUrl}/`) || url.startsWith(baseUrl.replace(/^http/, "ws") + "/");

async function expectClean(rec: PageRecorder) {
  expect(rec.requests.filter((u) => !sameOrigin(u) && !u.startsWith("data:") && u !== "about:blank")).toEqual([]);
  expect(await rec.cspViolations()).toEqual([]);
  // The field-error and concurrent-edit tests make the browser log their expected 400 and 412 answers.
  const expected = /status of (400 \(Bad Request\)|412 \(Precondition Failed\)) @ .*\/api\/v1\/pages\/[^/]+$/;
  expect(rec.consoleErrors.filter((e) => !expected.test(e))).toEqual([]);
  expect(rec.pageErrors).toEqual([]);
}

describe.skipIf(!hasChromium)(hasChromium ? "dashboard in Chromium" : `dashboard in Chromium — SKIPPED: ${SKIP_MESSAGE}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let rec: PageRecorder;
  const email = uniqueEmail("dash");
  const slug = uniqueSlug("dash");

  beforeAll(async () => {
    browser = await launchChromium();
    // Headless Chromium says "HeadlessChrome" in its user agent, and bots' clicks are never counted
    // (docs/contract.md#the-public-page-and-clicks): browse as a person's desktop Chrome so the visitor tab's click counts.
    ({ context, page } = await newPage(browser, { viewport: { width: 1280, height: 900 }, userAgent: PERSON_UA }));
    rec = await record(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends a signed-out visitor to /login, and signs in through the dev outbox", async () => {
    // From the home page, signing in is one click (creating a page needs none: e2e/onboarding.test.ts).
    await page.goto(`${baseUrl}/`);
    await Promise.all([page.waitForURL(`${baseUrl}/login`), page.getByRole("link", { name: "Sign in", exact: true }).click()]);
    await page.goto(`${baseUrl}/dashboard/account`);
    expect(page.url()).toBe(`${baseUrl}/login?next=%2Fdashboard%2Faccount`);
    await page.goto(`${baseUrl}/dashboard`);
    await shot(page, "login");
    await signInThroughOutbox(page, baseUrl, email);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Your pages");
  });

  it("creates a page, checking the address while typing", async () => {
    await page.getByLabel("Address", { exact: true }).fill("dashboard");
    await expect(page.locator("[data-slug-status]").filter({ hasText: "reserved" }).waitFor()).resolves.toBeUndefined();
    await page.getByLabel("Address", { exact: true }).fill(slug);
    await page.locator("[data-slug-status]").filter({ hasText: "is free" }).waitFor();
    await page.getByLabel("Display name").fill("Ada Lovelace");
    await shot(page, "home-create");
    await Promise.all([page.waitForURL(`${baseUrl}/dashboard/pages/${slug}?created=1`), page.getByRole("button", { name: "Create page" }).click()]);
    await page.getByRole("status").filter({ hasText: "Your page is live" }).waitFor();
  });

  it("adds links, reorders them with the keyboard, changes the theme, and saves with a live preview", async () => {
    const links = [
      ["Health check", `${baseUrl}/healthz`],
      ["Blog", "https://example.com/blog"],
      ["Newsletter", "https://example.com/news"],
    ];
    for (const [i, [title, url]] of links.entries()) {
      await page.getByRole("button", { name: "Add link" }).click();
      // The new row's title field gets the focus, so a keyboard user types straight into it.
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(`links.${i}.title`);
      await page.keyboard.type(title!);
      await page.locator(`[name="links.${i}.url"]`).fill(url!);
    }
    const preview = page.frameLocator("[data-preview]");
    await preview.getByRole("link", { name: "Newsletter" }).waitFor();

    // Move "Newsletter" (3rd) to the top with the keyboard: focus stays on the moved row's button.
    await page.getByRole("button", { name: "Move link 3 up" }).focus();
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Move link 2 up");
    await page.keyboard.press("Enter");
    const titles = () => page.locator("[data-link-row] input[name$='.title']").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(await titles()).toEqual(["Newsletter", "Health check", "Blog"]);
    // The preview is the server's render of the posted draft: it follows within a moment, not synchronously.
    await expect.poll(() => preview.getByRole("navigation").getByRole("link").allTextContents(), { timeout: 15_000 }).toEqual(["Newsletter", "Health check", "Blog"]);

    await page.getByRole("radio", { name: "Midnight" }).check();
    await expect.poll(() => preview.locator("body").evaluate((b) => getComputedStyle(b).backgroundColor), { timeout: 15_000 }).toBe("rgb(13, 17, 23)");
    await expect(page.locator("[data-save-status]").textContent()).resolves.toBe("Unsaved changes");

    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("[data-save-status]").filter({ hasText: "Saved" }).waitFor();
    const saved = await (await page.request.get(`${baseUrl}/api/v1/pages/${slug}`)).json();
    expect(saved.links.map((l: { title: string }) => l.title)).toEqual(["Newsletter", "Health check", "Blog"]);
    expect(saved.theme.preset).toBe("midnight");
    await shot(page, "editor");

    // Scheduling a link shows its badge as soon as the save lands, without a reload.
    const blog = page.locator("[data-link-row]").nth(2);
    expect(await blog.locator("[data-sched-badge]").count()).toBe(0);
    await blog.locator("summary", { hasText: "Schedule" }).click(); // a link row also has "Options"
    await page.locator('[name="links.2.endsAt"]').fill("2099-01-01T00:00");
    await page.locator("[data-save-status]").filter({ hasText: "Unsaved changes" }).waitFor();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("[data-save-status]").filter({ hasText: "Saved" }).waitFor();
    await blog.locator("[data-sched-badge]").filter({ hasText: "Scheduled" }).waitFor();
    expect((await (await page.request.get(`${baseUrl}/api/v1/pages/${slug}`)).json()).links[2].endsAt).toMatch(/^2099-01-01T/);
  });

  it("shows the API's field errors next to the field, and focuses it", async () => {
    const url = page.locator('[name="links.1.url"]');
    const before = await url.inputValue();
    await url.fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("#f-links-1-url-err").filter({ hasText: "is not allowed" }).waitFor();
    expect(await url.getAttribute("aria-invalid")).toBe("true");
    expect(await url.getAttribute("aria-describedby")).toContain("f-links-1-url-err");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe("links.1.url");
    await url.fill(before);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("[data-save-status]").filter({ hasText: "Saved" }).waitFor();
  });

  it("refuses an accent colour below WCAG AA contrast", async () => {
    await page.getByLabel("Accent colour", { exact: true }).fill("#1a1a1a"); // on midnight's #0d1117
    await page.locator("[data-contrast]").filter({ hasText: "too faint" }).waitFor();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("#f-theme-accent-err").filter({ hasText: "WCAG AA" }).waitFor();
    expect(await page.getByLabel("Accent colour", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("button", { name: "Reset to the theme's colour" }).click();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("[data-save-status]").filter({ hasText: "Saved" }).waitFor();
  });

  it("crops a photo in the browser, uploads it, shows it in the preview and on the page, and keeps saving working", async () => {
    const { PhotonImage } = await import("@cf-wasm/photon");
    const w = 400, h = 300;
    const px = new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : i % 4 === 0 ? ((i / 4) % w) * 0.6 : 90));
    const img = new PhotonImage(px, w, h);
    const file = Buffer.from(img.get_bytes());
    img.free();
    await page.locator("#photo").scrollIntoViewIfNeeded();
    await page.getByLabel("Add a photo").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: file });
    await page.locator("[data-photo-crop]").waitFor({ state: "visible" });
    await page.getByLabel("Zoom").fill("1.5");
    await page.locator("[data-photo-canvas]").focus();
    await page.keyboard.press("ArrowRight");
    await shot(page, "photo-crop");
    await page.getByRole("button", { name: "Upload photo" }).click();
    await page.locator("[data-photo-status]").filter({ hasText: "Photo saved" }).waitFor();
    const saved = await (await page.request.get(`${baseUrl}/api/v1/pages/${slug}`)).json();
    expect(saved.avatar).toMatchObject({ width: 512, height: 512 }); // the square the browser cropped
    await page.frameLocator("[data-preview]").locator("img.avatar").waitFor();
    // The photo bumped the page's version: the editor took the new ETag, so saving still works.
    await page.getByLabel("Bio").fill("With a photo now");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("[data-save-status]").filter({ hasText: "Saved" }).waitFor();
    const visitor = await context.newPage();
    await visitor.goto(`${baseUrl}/${slug}`);
    expect(await visitor.locator("img.avatar").evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(512);
    await visitor.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? "/tmp", "public-photo.png"), fullPage: true });
    await visitor.close();
  });

  it("catches a concurrent edit from another tab (ETag → 412) instead of overwriting it", async () => {
    const other = await context.newPage();
    await other.goto(`${baseUrl}/dashboard/pages/${slug}`);
    await other.getByLabel("Bio").fill("Edited in the other tab");
    await other.getByRole("button", { name: "Save changes" }).click();
    await other.locator("[data-save-status]").filter({ hasText: "Saved" }).waitFor();
    await other.close();

    await page.getByLabel("Bio").fill("Edited here, on a stale copy");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("[data-conflict]").waitFor({ state: "visible" });
    const saved = await (await page.request.get(`${baseUrl}/api/v1/pages/${slug}`)).json();
    expect(saved.bio).toBe("Edited in the other tab");
    await shot(page, "editor-conflict");
    // The unsaved-changes guard is armed: leaving now asks first.
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.type();
      void d.accept();
    });
    await page.goto(`${baseUrl}/dashboard/pages/${slug}/analytics?range=24h`);
    expect(asked).toBe("beforeunload");
  });

  it("shows a click from the public page in a second tab live, without reloading", async () => {
    await page.locator("[data-live-pill][data-state='live']").waitFor();
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await expect(page.locator("[data-total]").textContent()).resolves.toBe("0");

    const visitor = await context.newPage();
    await visitor.goto(`${baseUrl}/${slug}`);
    await Promise.all([visitor.waitForURL(`${baseUrl}/healthz`), visitor.getByRole("link", { name: "Health check" }).click()]);
    await visitor.close();

    await page.locator("[data-total]").filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
    // The chart and tables are re-fetched shortly after: the per-link table shows it too.
    await page.locator("[data-analytics-body] [data-link-clicks]").filter({ hasText: /^1$/ }).first().waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await shot(page, "analytics");

    // The connection drops: the page says so, reconnects by itself, and counts the next click.
    await page.evaluate(() => (window as unknown as { MeLinks: { liveConnections: { drop(): void }[] } }).MeLinks.liveConnections[0]!.drop());
    await page.locator("[data-live-pill][data-state='reconnecting']").waitFor();
    await expect(page.locator("[data-live-label]").textContent()).resolves.toBe("Reconnecting…");
    await page.locator("[data-live-pill][data-state='live']").waitFor({ timeout: 10_000 });
    const visitor2 = await context.newPage();
    await visitor2.goto(`${baseUrl}/${slug}`);
    await Promise.all([visitor2.waitForURL(`${baseUrl}/healthz`), visitor2.getByRole("link", { name: "Health check" }).click()]);
    await visitor2.close();
    await page.locator("[data-total]").filter({ hasText: /^2$/ }).waitFor({ timeout: 10_000 });

    await page.goto(`${baseUrl}/dashboard`);
    const today = page.locator(`[data-today="${slug}"]`);
    await today.filter({ hasText: /^2$/ }).waitFor();
    await page.locator(".live-dot[data-live-state='live']").waitFor();
    const again = await context.newPage();
    await again.goto(`${baseUrl}/${slug}`);
    await Promise.all([again.waitForURL(`${baseUrl}/healthz`), again.getByRole("link", { name: "Health check" }).click()]);
    await again.close();
    await today.filter({ hasText: /^3$/ }).waitFor({ timeout: 10_000 });
    // A burst of visitors at once arrives coalesced in one or a few frames (?batch=1); each counts.
    const probe = await context.newPage();
    await probe.goto(`${baseUrl}/${slug}`);
    const go = new URL((await probe.getByRole("link", { name: "Health check" }).getAttribute("href"))!, baseUrl).toString();
    await probe.close();
    const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
    const burst = await Promise.all(Array.from({ length: 5 }, () => fetch(go, { redirect: "manual", headers: { "user-agent": ua } })));
    expect(burst.map((r) => r.status)).toEqual([302, 302, 302, 302, 302]);
    await today.filter({ hasText: /^8$/ }).waitFor({ timeout: 10_000 });
    await shot(page, "home");
    // Typing the address of a page you already have says so, rather than "taken".
    await page.getByLabel("Address", { exact: true }).fill(slug);
    await page.locator("[data-slug-status]").filter({ hasText: "You already have this page" }).waitFor();
    await page.getByLabel("Address", { exact: true }).fill("");
  });

  it("shows each link's all-time clicks next to it in the editor, live", async () => {
    await page.goto(`${baseUrl}/dashboard/pages/${slug}`);
    const row = page.locator("[data-link-row]").filter({ has: page.locator('input[value="Health check"]') });
    const badge = row.locator("[data-link-clicks-badge]");
    await badge.filter({ hasText: /^8 clicks$/ }).waitFor({ timeout: 10_000 });
    const probe = await context.newPage();
    await probe.goto(`${baseUrl}/${slug}`);
    const go = new URL((await probe.getByRole("link", { name: "Health check" }).getAttribute("href"))!, baseUrl).toString();
    await probe.close();
    const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
    expect((await fetch(go, { redirect: "manual", headers: { "user-agent": ua } })).status).toBe(302);
    await badge.filter({ hasText: /^9 clicks$/ }).waitFor({ timeout: 10_000 });
  });

  it("shows analytics in the viewer's own time zone, and keeps it across ranges", async () => {
    const far = await browser.newContext({ storageState: await context.storageState(), timezoneId: "Pacific/Auckland", viewport: { width: 1280, height: 900 } });
    const tab = await far.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    await tab.goto(`${baseUrl}/dashboard/pages/${slug}/analytics?range=24h`);
    // Drawn in UTC by the server, then fetched again in the browser's zone.
    await tab.locator("[data-analytics-body][data-tz='Pacific/Auckland']").waitFor();
    await expect(tab.locator("[data-tz-label]").textContent()).resolves.toBe("Pacific/Auckland");
    for (const href of await tab.locator("[data-range-link]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
      expect(new URL(href).searchParams.get("tz")).toBe("Pacific/Auckland");
    }
    await Promise.all([tab.waitForURL(/range=7d/), tab.locator("[data-range-link]").filter({ hasText: "7 days" }).click()]);
    await tab.locator("[data-analytics-body][data-tz='Pacific/Auckland']").waitFor();
    expect(errors).toEqual([]);
    await far.close();
  });

  it("creates an API key shown once with a copy button, and revokes it", async () => {
    await page.goto(`${baseUrl}/dashboard/account`);
    await page.getByLabel("New key name").fill("deploy script");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.locator("#new-key").inputValue();
    expect(key).toMatch(/^mlk_/);
    await page.locator(".new-key").getByRole("button", { name: "Copy" }).waitFor();
    expect((await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    await shot(page, "account");
    // The address is a plain GET now: reloading shows the account, not a second new key.
    expect(new URL(page.url()).pathname).toBe("/dashboard/account");
    await page.reload();
    await expect(page.locator(".keys tbody tr").count()).resolves.toBe(1);
    expect(await page.content()).not.toContain(key);
    await page.getByRole("button", { name: "Revoke key deploy script" }).click();
    // It asks first, in a dialog.
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await page.getByRole("status").filter({ hasText: "revoked" }).waitFor();
    expect(await page.content()).not.toContain(key);
    expect((await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it("requested nothing from another origin, and had no CSP violation or console error", async () => {
    await expectClean(rec);
  });

  it("has no serious or critical accessibility violations on any dashboard screen (axe-core)", async () => {
    for (const path of ["/dashboard", `/dashboard/pages/${slug}`, `/dashboard/pages/${slug}/analytics?range=24h`, "/dashboard/account"]) {
      await page.goto(`${baseUrl}${path}`);
      await page.waitForLoadState("networkidle");
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
  });

  it("works on a 360 px phone: no sideways scrolling on any screen", async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, storageState: await context.storageState() });
    const p = await phone.newPage();
    const prec = await record(p);
    for (const [name, path] of [
      ["phone-home", "/dashboard"],
      ["phone-editor", `/dashboard/pages/${slug}`],
      ["phone-analytics", `/dashboard/pages/${slug}/analytics`],
      ["phone-account", "/dashboard/account"],
    ] as const) {
      await p.goto(`${baseUrl}${path}`);
      await p.waitForLoadState("networkidle");
      const wide = await p.evaluate(() =>
        [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 361).map((e) => `${e.tagName}.${e.className}`),
      );
      expect(await p.evaluate(() => document.documentElement.scrollWidth), `${path}: ${wide.join(", ")}`).toBeLessThanOrEqual(360);
      expect(await seriousA11yViolations(p), path).toEqual([]);
      await shot(p, name);
    }
    await expectClean(prec);
    await phone.close();
  });

  it("stops the live counter, saying why, when another device signs out everywhere", async () => {
    await page.goto(`${baseUrl}/dashboard/pages/${slug}/analytics`);
    await page.locator("[data-live-pill][data-state='live']").waitFor();
    const other = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await other.page.goto(`${baseUrl}/login`);
    await signInThroughOutbox(other.page, baseUrl, email);
    await other.page.goto(`${baseUrl}/dashboard/account`);
    await Promise.all([other.page.waitForURL(/\/login\?signedout=all$/), other.page.getByRole("button", { name: "Sign out everywhere" }).click()]);
    await other.page.getByRole("status").filter({ hasText: "You're signed out on all your devices." }).waitFor();
    await other.context.close();

    await page.locator("[data-live-pill][data-state='signed-out']").waitFor({ timeout: 10_000 });
    await expect(page.locator("[data-live-label]").textContent()).resolves.toBe("Stopped: you were signed out. Reload to sign in again.");
    await shot(page, "live-signed-out");
    // It does not keep knocking: still stopped a few seconds later; this browser signs in again.
    await page.waitForTimeout(2000);
    expect(await page.locator("[data-live-pill]").getAttribute("data-state")).toBe("signed-out");
    await page.goto(`${baseUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/login");
    // Over the stale cookie: the confirmation form's Origin is "null" (no-referrer), Sec-Fetch-Site same-origin.
    await signInThroughOutbox(page, baseUrl, email);
  });

  it("deletes the account after the email is typed back, and signs out", async () => {
    await page.goto(`${baseUrl}/dashboard/account`);
    await page.getByLabel("Type your email address to confirm").fill(email);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.getByRole("heading", { name: "Your account is deleted" }).waitFor();
    expect((await fetch(`${baseUrl}/${slug}`)).status).toBe(404);
    await page.goto(`${baseUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });
});
