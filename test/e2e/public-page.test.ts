// The public link page in a real browser (Debian's Chromium) against a real `wrangler dev`:
// docs/contract.md#privacy-promises (no cookie, no third-party request) and #the-public-page-and-clicks (server-rendered, escaped, strict CSP, redirects, 404).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPage, launchChromium, newPage, patchPage, record, SKIP_MESSAGE, uniqueSlug, type ApiPage } from "./helpers/browser";

const baseUrl = inject("baseUrl");
const hasChromium = inject("chromiumAvailable");

const XSS_NAME = "Ada <img src=x onerror=alert(1)>";
const XSS_BIO = 'Builder of "things" & <script>alert(2)</script>\nSecond line <b>not bold</b>';

const sameOrigin = (url: string) => url.startsWith(`${baseUrl}/`);

describe.skipIf(!hasChromium)(hasChromium ? "public page in Chromium" : `public page in Chromium — SKIPPED: ${SKIP_MESSAGE}`, () => {
  let browser: Browser;
  let ada: ApiPage;

  beforeAll(async () => {
    browser = await launchChromium();
    ({ page: ada } = await createPage(baseUrl, {
      slug: uniqueSlug("ada"),
      displayName: XSS_NAME,
      bio: XSS_BIO,
      theme: { preset: "midnight" },
      links: [
        { title: "Health check", url: `${baseUrl}/healthz` },
        { title: "My <b>blog</b>", url: "https://example.com/blog" },
        { title: "Email me", url: "mailto:ada@example.com" },
        { title: "Hidden draft", url: "https://example.com/draft", enabled: false },
      ],
    }));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders the page escaped, styled, with no cookie, no third-party request and no CSP violation", async () => {
    const { context, page } = await newPage(browser);
    const rec = await record(page);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    const res = await page.goto(`${baseUrl}/${ada.slug}`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    const headers = res!.headers();
    expect(headers["set-cookie"]).toBeUndefined();
    expect(headers["content-security-policy"]).toContain("default-src 'none'");

    // Title, heading and bio show the user's text literally: markup is text, nothing injected.
    expect(await page.title()).toBe(`${XSS_NAME} | MeLinks`);
    await expect(page.locator("h1").textContent()).resolves.toBe(XSS_NAME);
    await expect(page.locator(".bio").textContent()).resolves.toBe(XSS_BIO);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("b").count()).toBe(0);
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe(XSS_NAME);
    expect(await page.locator('meta[name="description"]').getAttribute("content")).toBe(XSS_BIO);

    // Landmarks and links: one <main>, the three enabled links (disabled one hidden), in order.
    await expect(page.getByRole("main").count()).resolves.toBe(1);
    const links = page.getByRole("navigation").getByRole("link");
    expect(await links.allTextContents()).toEqual(["Health check", "My <b>blog</b>", "Email me"]);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(ada.links.filter((l) => l.enabled).map((l) => `/${ada.slug}/go/${l.id}`));

    // The inline stylesheet was allowed by its CSP hash: the midnight theme is applied.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe("rgb(13, 17, 23)");

    await page.waitForLoadState("networkidle");
    expect(rec.requests.length).toBeGreaterThan(0);
    expect(rec.requests.filter((u) => !sameOrigin(u))).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await rec.cspViolations()).toEqual([]);
    expect(rec.consoleErrors).toEqual([]);
    expect(rec.pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("lets a keyboard user reach every link, with a visible focus ring", async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${baseUrl}/${ada.slug}`);
    const expected = ["Health check", "My <b>blog</b>", "Email me"];
    for (const title of expected) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const s = el ? getComputedStyle(el) : null;
        return {
          tag: el?.tagName,
          text: el?.textContent,
          inNav: !!el?.closest("nav"),
          outline: s ? `${s.outlineStyle} ${s.outlineWidth}` : "",
        };
      });
      expect(focused).toMatchObject({ tag: "A", text: title, inNav: true });
      expect(focused.outline).not.toMatch(/^none|\b0px$/);
    }
    await context.close();
  });

  it("follows a link click through the 302 to its URL, still without cookies or third-party requests", async () => {
    const { context, page } = await newPage(browser);
    const rec = await record(page);
    await page.goto(`${baseUrl}/${ada.slug}`);
    await Promise.all([page.waitForURL(`${baseUrl}/healthz`), page.getByRole("link", { name: "Health check" }).click()]);
    expect(page.url()).toBe(`${baseUrl}/healthz`);
    expect(JSON.parse((await page.locator("body").textContent()) ?? "")).toEqual({ ok: true });
    expect(rec.requests).toContain(`${baseUrl}/${ada.slug}/go/${ada.links[0]!.id}`);
    expect(rec.requests.filter((u) => !sameOrigin(u))).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it("works with JavaScript disabled (server-rendered, no script needed)", async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/${ada.slug}`);
    await expect(page.locator("h1").textContent()).resolves.toBe(XSS_NAME);
    await Promise.all([page.waitForURL(`${baseUrl}/healthz`), page.getByRole("link", { name: "Health check" }).click()]);
    await context.close();
  });

  it("has no horizontal scroll on a 360px-wide phone, even with long unbroken text", async () => {
    const long = await createPage(baseUrl, {
      slug: uniqueSlug("long"),
      displayName: "W".repeat(64),
      bio: "x".repeat(280),
      theme: { preset: "paper", buttonStyle: "pill", font: "mono" },
      links: [
        { title: "https://example.com/" + "a".repeat(80), url: "https://example.com/long" },
        { title: "Short", url: "https://example.com/short" },
      ],
    });
    const { context, page } = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    for (const slug of [ada.slug, long.page.slug]) {
      await page.goto(`${baseUrl}/${slug}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `/${slug} scrollWidth`).toBeLessThanOrEqual(360);
      // Each link button is a comfortable tap target (≥ 44px tall) and fits the screen.
      const boxes = await page.locator("nav a").evaluateAll((as) => as.map((a) => a.getBoundingClientRect().toJSON()));
      for (const b of boxes) {
        expect(b.height).toBeGreaterThanOrEqual(44);
        expect(b.right).toBeLessThanOrEqual(360);
      }
    }
    await context.close();
  });

  it("shows an owner's edit on the next reload (no stale cached copy)", async () => {
    const { page: created, claimToken } = await createPage(baseUrl, {
      slug: uniqueSlug("edit"),
      displayName: "Before",
      links: [{ title: "Old link", url: "https://example.com/old" }],
    });
    const { context, page } = await newPage(browser);
    await page.goto(`${baseUrl}/${created.slug}`);
    expect(await page.title()).toBe("Before | MeLinks");
    await patchPage(baseUrl, created.slug, claimToken, {
      displayName: "After",
      theme: { preset: "ocean", buttonStyle: "outline" },
      links: [{ title: "New link", url: "https://example.com/new" }],
    });
    await page.reload();
    expect(await page.title()).toBe("After | MeLinks");
    expect(await page.getByRole("navigation").getByRole("link").allTextContents()).toEqual(["New link"]);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(232, 244, 251)");
    await context.close();
  });

  it("redirects a differently-cased address to the canonical lowercase one", async () => {
    const { context, page } = await newPage(browser);
    const res = await page.goto(`${baseUrl}/${ada.slug.toUpperCase()}`);
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(`${baseUrl}/${ada.slug}`);
    await context.close();
  });

  it("shows a friendly 404 page for an unknown slug, an invalid slug and an unknown link", async () => {
    const { context, page } = await newPage(browser);
    const rec = await record(page);
    const cases = [
      { path: `/${uniqueSlug("nobody")}`, text: "This page doesn't exist." },
      { path: "/x", text: "This page doesn't exist." }, // too short to be a slug
      { path: `/${ada.slug}/go/ln_doesnotexist`, text: "This link isn't available." },
      { path: `/${ada.slug}/go/${ada.links[3]!.id}`, text: "This link isn't available." }, // disabled
    ];
    for (const c of cases) {
      const res = await page.goto(`${baseUrl}${c.path}`);
      expect(res?.status(), c.path).toBe(404);
      expect(await page.title(), c.path).toBe("Not found | MeLinks");
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Nothing here");
      await expect(page.getByRole("main").textContent()).resolves.toContain(c.text);
      expect(await page.getByRole("link", { name: "Privacy" }).getAttribute("href")).toBe("/privacy");
      // Our own stylesheet is allowed by the site CSP (the 404 page is not unstyled).
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(246, 248, 250)");
      expect(await rec.cspViolations(), c.path).toEqual([]);
    }
    // A browser logs "Failed to load resource: 404" for the documents themselves; nothing else may appear.
    expect(rec.consoleErrors.filter((m) => !/status of 404/.test(m))).toEqual([]);
    expect(rec.requests.filter((u) => !sameOrigin(u))).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
