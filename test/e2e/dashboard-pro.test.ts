// Signups & webhooks in a real browser against a real `wrangler dev` (Pro): a pro owner turns
// the signup form on (the preview mirrors it, and can't submit), a visitor signs up on the public page in
// a second tab, the subscriber appears and downloads as CSV; a webhook to a small local receiver is added,
// its secret shown once, and a test event shows in the delivery log without a reload. Screenshots go to
// $SCREENSHOT_DIR (default /tmp) as dash-pro-*.png.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousA11yViolations } from "./helpers/axe";
import { launchChromium, newPage, record, SKIP_MESSAGE, uniqueSlug, type PageRecorder } from "./helpers/browser";
import { confirmFromMail } from "./helpers/signup-mail";
import { signInThroughOutbox, uniqueEmail } from "./helpers/sign-in";

const baseUrl = inject("baseUrl");
const hasChromium = inject("chromiumAvailable");
const PERSON_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const shot = (page: Page, name: string) => page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? "/tmp", `dash-pro-${name}.png`), fullPage: true });

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver on 127.0.0.1 (ENVIRONMENT "development" allows http to it): records, answers 204. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/melinks`, received };
}

async function expectClean(rec: PageRecorder) {
  expect(rec.requests.filter((u) => !u.startsWith(`${baseUrl}/`) && !u.startsWith("data:") && u !== "about:blank")).toEqual([]);
  expect(await rec.cspViolations()).toEqual([]);
  expect(rec.consoleErrors).toEqual([]);
  expect(rec.pageErrors).toEqual([]);
}

describe.skipIf(!hasChromium)(hasChromium ? "signups & webhooks in Chromium" : `signups & webhooks in Chromium — SKIPPED: ${SKIP_MESSAGE}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let rec: PageRecorder;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const email = uniqueEmail("pro");
  const slug = uniqueSlug("pro");
  const reader = uniqueEmail("reader");
  const pro = () => `${baseUrl}/dashboard/pages/${slug}/pro`;

  beforeAll(async () => {
    receiver = await startReceiver();
    browser = await launchChromium();
    ({ context, page } = await newPage(browser, { viewport: { width: 1280, height: 900 }, userAgent: PERSON_UA, acceptDownloads: true }));
    rec = await record(page);
  });
  afterAll(async () => {
    await browser?.close();
    receiver?.server.close();
  });

  it("a pro owner reaches Signups & webhooks from the editor", async () => {
    await page.goto(`${baseUrl}/login`);
    await signInThroughOutbox(page, baseUrl, email);
    const plan = await fetch(`${baseUrl}/api/v1/admin/users/${encodeURIComponent(email)}/plan`, {
      method: "PUT",
      headers: { authorization: `Bearer ${inject("adminToken")}`, "content-type": "application/json" },
      body: JSON.stringify({ plan: "pro" }),
    });
    expect(plan.status).toBe(200);
    await page.getByLabel("Address", { exact: true }).fill(slug);
    await page.getByLabel("Display name").fill("Grace Hopper");
    await Promise.all([page.waitForURL(/\?created=1$/), page.getByRole("button", { name: "Create page" }).click()]);
    await expect(page.locator("[data-pro-slot]").getByText("Pro", { exact: true }).count()).resolves.toBe(1);
    await Promise.all([page.waitForURL(pro()), page.getByRole("link", { name: "Manage signups & webhooks" }).click()]);
    await page.getByRole("heading", { level: 1, name: "Signups & webhooks" }).waitFor();
  });

  it("turns the signup form on; the preview mirrors the texts as typed and cannot sign anyone up", async () => {
    const preview = page.frameLocator("[data-signup-preview]");
    await page.getByLabel("Show the signup form on my page").check();
    await page.getByLabel("Heading").fill("Join my newsletter");
    await page.getByLabel("Button text").fill("Join");
    await Promise.all([page.waitForURL(/\?saved=1#signup$/), page.getByRole("button", { name: "Save signup form" }).click()]);
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await preview.getByRole("heading", { name: "Join my newsletter" }).waitFor();
    // Typing updates the preview before saving.
    await page.getByLabel("Heading").fill("Join my newsletter!");
    await preview.getByRole("heading", { name: "Join my newsletter!" }).waitFor();
    await page.getByLabel("Heading").fill("Join my newsletter");
    // The preview's form is a picture: disabled, with nowhere to post.
    await expect(preview.getByLabel("Email address").isDisabled()).resolves.toBe(true);
    await expect(preview.getByRole("button", { name: "Join" }).isDisabled()).resolves.toBe(true);
    await expect(preview.locator("form").getAttribute("action")).resolves.toBeNull();
    await shot(page, "signup-on");
  });

  it("a visitor signs up on the public page in a second tab, and the owner sees and downloads the subscriber", async () => {
    const { context: visitorCtx, page: visitor } = await newPage(browser, { userAgent: PERSON_UA });
    await visitor.goto(`${baseUrl}/${slug}`);
    await visitor.getByLabel("Email address").fill(reader);
    await visitor.getByRole("button", { name: "Join" }).click();
    await visitor.getByText(/check your inbox and confirm/).waitFor();
    // Double opt-in: listed only once the address's owner confirms from the mail.
    await confirmFromMail(visitor, baseUrl, reader);
    expect(await visitorCtx.cookies()).toEqual([]);
    await visitorCtx.close();

    await page.goto(`${pro()}#subscribers`);
    await page.locator("table.subs").getByRole("cell", { name: reader, exact: true }).waitFor();
    await expect(page.locator("[data-subscriber-count]").textContent()).resolves.toBe("1");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe(`${slug}-subscribers.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe("email,subscribed_at,confirmed_at");
    expect(csv).toContain(`${reader},`);
  });

  let secret = "";
  it("adds a webhook: the secret is shown once with a copy button, and never again", async () => {
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByRole("checkbox", { name: /subscriber\.created/ }).check();
    await page.getByRole("checkbox", { name: /page\.updated/ }).check();
    await page.getByRole("button", { name: "Add webhook" }).click();
    const box = page.locator("#new-secret");
    await box.getByText("you won't see it again").waitFor();
    secret = await page.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    // dash-pro.js (deferred) focuses the box once it runs, which may be just after the text is there.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("new-secret");
    await box.getByRole("button", { name: "Copy" }).click();
    await box.locator("[data-copy-status]").filter({ hasText: /Copied|Ctrl\+C/ }).waitFor();
    await shot(page, "webhook-secret");

    // A reload now fetches the page instead of posting the form again: still one webhook, secret gone.
    expect(new URL(page.url()).pathname).toBe(`/dashboard/pages/${slug}/pro`);
    await page.reload();
    await expect(page.locator(".webhook").count()).resolves.toBe(1);
    await page.goto(pro());
    expect(await page.content()).not.toContain(secret.slice("whsec_".length));
    await page.locator(".webhook").filter({ hasText: receiver.url }).getByText("Active").waitFor();
  });

  it("sends a test event and shows its delivery in the log without a reload", async () => {
    const hook = page.locator(".webhook").filter({ hasText: receiver.url });
    await Promise.all([page.waitForURL(/\?tested=msg_/), hook.getByRole("button", { name: "Send test event" }).click()]);
    const messageId = new URL(page.url()).searchParams.get("tested")!;
    const row = page.locator(`tr[data-message="${messageId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect(row.locator("[data-label=Event]").textContent()).resolves.toBe("webhook.test");
    await expect(row.locator("[data-label=Status]").textContent()).resolves.toBe("204");
    await expect(row.locator("[data-label=Attempt]").textContent()).resolves.toBe("1");
    await page.locator("[data-test-status]").filter({ hasText: "Test event delivered" }).waitFor();

    const got = receiver.received.find((r) => r.headers["webhook-id"] === messageId)!;
    expect((new Webhook(secret).verify(got.body, got.headers) as { type: string }).type).toBe("webhook.test");
    await shot(page, "delivery-log");
  });

  it("a new signup reaches the webhook as subscriber.created", async () => {
    const { context: visitorCtx, page: visitor } = await newPage(browser, { userAgent: PERSON_UA });
    await visitor.goto(`${baseUrl}/${slug}`);
    const second = uniqueEmail("second");
    await visitor.getByLabel("Email address").fill(second);
    await visitor.getByRole("button", { name: "Join" }).click();
    await visitor.getByText(/check your inbox and confirm/).waitFor();
    await confirmFromMail(visitor, baseUrl, second); // subscriber.created fires at confirmation
    await visitorCtx.close();
    for (let i = 0; i < 100 && !receiver.received.some((r) => r.body.includes(second)); i++) await new Promise((r) => setTimeout(r, 100));
    const got = receiver.received.find((r) => r.body.includes(second))!;
    expect(new Webhook(secret).verify(got.body, got.headers)).toMatchObject({ type: "subscriber.created", data: { slug, email: second } });
  });

  it("removes a subscriber only after the dialog confirms", async () => {
    await page.goto(`${pro()}#subscribers`);
    const cell = page.locator("table.subs").getByRole("cell", { name: reader, exact: true });
    await page.getByRole("button", { name: `Remove ${reader}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(`Remove ${reader}?`).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(cell.count()).resolves.toBe(1);
    await page.getByRole("button", { name: `Remove ${reader}` }).click();
    await Promise.all([page.waitForURL(/\?removed=1/), dialog.getByRole("button", { name: "Remove" }).click()]);
    await page.getByRole("status").filter({ hasText: "The subscriber was removed" }).waitFor();
    await expect(cell.count()).resolves.toBe(0);
  });

  it("is accessible (axe-core) and fits a 360 px phone", async () => {
    await page.goto(pro());
    await page.waitForLoadState("networkidle");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot(page, "desktop");
    const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, storageState: await context.storageState() });
    const p = await phone.newPage();
    const prec = await record(p);
    await p.goto(pro());
    await p.waitForLoadState("networkidle");
    const wide = await p.evaluate(() => [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 361).map((e) => `${e.tagName}.${e.className}`));
    expect(await p.evaluate(() => document.documentElement.scrollWidth), wide.join(", ")).toBeLessThanOrEqual(360);
    expect(await seriousA11yViolations(p)).toEqual([]);
    await shot(p, "phone");
    await expectClean(prec);
    await phone.close();
  });

  it("requested nothing from another origin, and had no CSP violation or console error", async () => {
    await expectClean(rec);
  });
});
