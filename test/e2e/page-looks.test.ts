// Every theme preset, with social icons, link icons, a header and a featured link, in a real browser:
// no serious accessibility violation (axe), nothing wider than the screen, icons drawn, no request but the page.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { THEME_PRESETS } from "../../src/schemas/theme";
import { seriousA11yViolations } from "./helpers/axe";
import { createPage, launchChromium, newPage, record, SKIP_MESSAGE, uniqueSlug } from "./helpers/browser";

const baseUrl = inject("baseUrl");
const hasChromium = inject("chromiumAvailable");

const LOOKS_DEMO = {
  displayName: "Maya Okafor",
  bio: "Product designer in Lisbon. Accessible interfaces, type and slow ceramics.",
  socials: ["https://www.instagram.com/maya", "https://social.example/@maya", "https://github.com/maya", "https://www.youtube.com/@maya", "mailto:maya@example.com"].map((url) => ({ url })),
  links: [
    { title: "New: the ceramics shop is open", url: "https://example.com/shop", featured: true },
    { type: "header" as const, title: "Listen and watch" },
    { title: "Studio playlist", url: "https://open.spotify.com/playlist/1" },
    { title: "Talks on YouTube", url: "https://www.youtube.com/@maya/videos" },
    { type: "header" as const, title: "Work" },
    { title: "Portfolio", url: "https://example.com/work" },
    { title: "Code", url: "https://github.com/maya/code" },
  ],
};

describe.skipIf(!hasChromium)(hasChromium ? "presets in Chromium" : `presets in Chromium — SKIPPED: ${SKIP_MESSAGE}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(THEME_PRESETS)("%s passes axe at 390 px and 1280 px, with icons drawn and no request but the page", async (preset) => {
    const buttonStyle = ["outline", "outline-pill", "shadow", "soft-shadow", "pill", "square", "rounded"][THEME_PRESETS.indexOf(preset) % 7];
    const { page: created } = await createPage(baseUrl, { slug: uniqueSlug(preset), ...LOOKS_DEMO, theme: { preset, buttonStyle } });
    for (const width of [390, 1280]) {
      const { context, page } = await newPage(browser, { viewport: { width, height: 900 } });
      const rec = await record(page);
      await page.goto(`${baseUrl}/${created.slug}`);
      expect(await seriousA11yViolations(page), `${preset} at ${width}px`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${preset} at ${width}px`).toBeLessThanOrEqual(width);
      // Social icons are named links; each icon is drawn (a <use> resolving to a symbol with a path, with a size).
      const names = await page.getByRole("list", { name: "Social profiles" }).getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("aria-label")));
      expect(names).toEqual(["Instagram", "Fediverse", "GitHub", "YouTube", "Email"]);
      const drawn = await page.locator("svg.i").evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().width > 0 && !!document.querySelector(`${s.querySelector("use")!.getAttribute("href")} path`)));
      expect(drawn.length).toBe(5 + 3);
      expect(drawn.every(Boolean)).toBe(true);
      expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toEqual(["Listen and watch", "Work"]);
      expect(rec.requests.filter((u) => u !== `${baseUrl}/${created.slug}`)).toEqual([]);
      expect(await rec.cspViolations()).toEqual([]);
      await context.close();
    }
  });
});
