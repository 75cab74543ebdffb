// Starting without an account in a real browser (docs/onboarding.md): from `/`, with JavaScript on and
// off, create a page, edit it in its editor, see the public page — whose requests never carry the draft
// cookie — then sign in and claim it. Screenshots go to $SCREENSHOT_DIR (default /tmp) as start-*.png.
import { join } from "node:path";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, record, SKIP_MESSAGE, uniqueSlug } from "./helpers/browser";
import { signInThroughOutbox, uniqueEmail } from "./helpers/sign-in";

const baseUrl = inject("baseUrl");
const hasChromium = inject("chromiumAvailable");
const PERSON_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const shot = (page: Page, name: string) => page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? "/tmp", `start-${name}.png`), fullPage: true });

/**
 * Which requests carried the draft cookie, by path. Headers are read asynchronously: `settled()` waits
 * for every request seen so far. A read that fails (the context closed under it, at the end of the
 * test) is kept as `draft: null`, never left as an unhandled rejection, and fails any assertion made
 * after `settled()` that expects `false`.
 */
function cookieWatch(page: Page) {
  const seen: { path: string; draft: boolean | null }[] = [];
  const pending: Promise<void>[] = [];
  page.on("request", (r: Request) => {
    const path = new URL(r.url()).pathname;
    pending.push(
      r.allHeaders().then(
        (headers) => void seen.push({ path, draft: /melinks_draft=/.test(headers["cookie"] ?? "") }),
        () => void seen.push({ path, draft: null }),
      ),
    );
  });
  return { seen, settled: () => Promise.all(pending) };
}

describe.skipIf(!hasChromium)(hasChromium ? "starting without an account, in Chromium" : `onboarding — SKIPPED: ${SKIP_MESSAGE}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const js of [true, false]) {
    it(`creates a page from / and edits it (JavaScript ${js ? "on" : "off"}), then signs in and claims it`, async () => {
      const { page } = await newPage(browser, { viewport: { width: 1280, height: 900 }, userAgent: PERSON_UA, javaScriptEnabled: js });
      const rec = await record(page);
      const watch = cookieWatch(page);
      const seen = watch.seen;
      const slug = uniqueSlug(js ? "startjs" : "startnojs");
      await page.goto(`${baseUrl}/`);
      await page.getByLabel("Your address").fill(js ? "dashboard" : slug);
      if (js) {
        // Checked as you type: a reserved address says so, then a free one.
        await page.getByText(/reserved/).waitFor();
        await page.getByLabel("Your address").fill(slug);
        await page.getByText(`“${slug}” is free`).waitFor();
      }
      await page.getByLabel("Display name").fill("Grace Hopper");
      await shot(page, `landing-${js ? "js" : "nojs"}`);
      await Promise.all([page.waitForURL(`${baseUrl}/dashboard/pages/${slug}?created=1`), page.getByRole("button", { name: "Create my page" }).click()]);

      // The editor, without an account: the token is shown once, with what it is for.
      await page.getByRole("heading", { name: "This page isn't claimed yet" }).waitFor();
      const token = await page.getByLabel(/Your claim token/).inputValue();
      expect(token).toMatch(/^mlc_/);
      await shot(page, `editor-${js ? "js" : "nojs"}`);

      // Edit: a bio and a link, saved (by script through the API, or by the plain form).
      await page.getByLabel("Bio").fill("Wrote the first compiler.");
      await page.getByRole("button", { name: "Add link" }).click();
      const title = page.getByLabel("Title").last();
      await title.fill("Navy history");
      await page.getByLabel("URL").last().fill("https://example.com/navy");
      await page.getByRole("button", { name: "Save changes" }).click();
      if (js) await page.locator("[data-save-status]").filter({ hasText: "Saved" }).waitFor();
      else await page.waitForURL(`${baseUrl}/dashboard/pages/${slug}?saved=1`);
      // Reloaded: the work is kept, and the token is not shown again.
      await page.goto(`${baseUrl}/dashboard/pages/${slug}`);
      expect(await page.getByLabel("Bio").inputValue()).toBe("Wrote the first compiler.");
      expect(await page.getByLabel(/Your claim token/).count()).toBe(0);

      // The public page shows it; neither it nor its redirect ever receives the draft cookie.
      await page.goto(`${baseUrl}/${slug}`);
      await page.getByText("Wrote the first compiler.").waitFor();
      await Promise.all([page.waitForURL("https://example.com/navy").catch(() => {}), page.getByRole("link", { name: "Navy history" }).click()]).catch(() => {});
      await watch.settled();
      const publicRequests = seen.filter((r) => !r.path.startsWith("/dashboard"));
      expect(publicRequests.some((r) => r.path === `/${slug}`)).toBe(true);
      expect(publicRequests.some((r) => r.path.startsWith(`/${slug}/go/`))).toBe(true);
      expect(publicRequests.filter((r) => r.draft !== false)).toEqual([]);
      expect(seen.some((r) => r.path.startsWith("/dashboard") && r.draft)).toBe(true);

      // Sign in and claim it now.
      await page.goto(`${baseUrl}/dashboard/pages/${slug}`);
      await page.getByRole("link", { name: "Sign in and claim this page" }).click();
      const email = uniqueEmail(js ? "startjs" : "startnojs");
      await signInThroughOutbox(page, baseUrl, email);
      await page.getByRole("button", { name: "Claim this page" }).click();
      await page.waitForURL(`${baseUrl}/dashboard/pages/${slug}?claimed=1`);
      expect(await page.getByRole("heading", { name: "This page isn't claimed yet" }).count()).toBe(0);
      await page.goto(`${baseUrl}/dashboard`);
      await page.getByText(slug).first().waitFor();
      expect((await page.context().cookies()).some((c) => c.name === "melinks_draft")).toBe(false);
      const res = await fetch(`${baseUrl}/api/v1/pages/${slug}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403); // the token is used up
      expect(rec.pageErrors).toEqual([]);
      expect(await rec.cspViolations()).toEqual([]);
      await page.context().close();
    });
  }
});
