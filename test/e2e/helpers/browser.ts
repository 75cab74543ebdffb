// Browser and API helpers for the e2e tests: Debian's Chromium driven by playwright-core
// (never `playwright install`), and page creation through the public JSON API.
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../../scripts/dev-server.mjs";

export { CHROMIUM_PATH };

export const SKIP_MESSAGE = `${CHROMIUM_PATH} is missing: run \`apt-get update && apt-get install -y chromium\` to run the browser tests`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** What a page did while a test drove it: every request, console errors, uncaught errors, CSP violations. */
export interface PageRecorder {
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  /** CSP violations reported in the page (via a `securitypolicyviolation` listener). */
  cspViolations(): Promise<string[]>;
}

/**
 * Start recording on a page *before* navigating. CSP violations are caught with a listener installed
 * as an init script (DevTools-injected, so the page's own CSP does not block it); Chromium also
 * logs them as console errors, which consoleErrors catches independently.
 */
export async function record(page: Page): Promise<PageRecorder> {
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") consoleErrors.push(`${m.text()} @ ${m.location().url}`);
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} — ${e.originalPolicy}`);
    });
  });
  return {
    requests,
    consoleErrors,
    pageErrors,
    cspViolations: () =>
      page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}

/** A fresh, isolated browser context (own cookie jar) and page. */
export async function newPage(
  browser: Browser,
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, page };
}

// ---- API ----

export interface ApiLink {
  id: string;
  title: string;
  url: string;
  enabled: boolean;
}

export interface ApiPage {
  slug: string;
  displayName: string;
  bio: string;
  theme: { preset: string; accent?: string; buttonStyle?: string; font?: string };
  links: ApiLink[];
}

export interface CreatePageBody {
  slug: string;
  displayName: string;
  bio?: string;
  theme?: { preset?: string; accent?: string; buttonStyle?: string; font?: string; background?: string };
  links?: { title: string; url?: string; enabled?: boolean; type?: "link" | "header"; featured?: boolean; sensitive?: boolean; icon?: string }[];
  socials?: { url: string }[];
  socialsPosition?: "top" | "bottom";
}

/** POST /api/v1/pages (anonymous); throws with the server's answer unless it is 201. */
export async function createPage(baseUrl: string, body: CreatePageBody): Promise<{ page: ApiPage; claimToken: string }> {
  const res = await fetch(`${baseUrl}/api/v1/pages`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /api/v1/pages → ${res.status}: ${text}`);
  return JSON.parse(text) as { page: ApiPage; claimToken: string };
}

/** PATCH /api/v1/pages/{slug} with the page's claim token; throws with the server's answer unless it is 200. */
export async function patchPage(baseUrl: string, slug: string, claimToken: string, body: Partial<CreatePageBody>): Promise<ApiPage> {
  const res = await fetch(`${baseUrl}/api/v1/pages/${slug}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${claimToken}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`PATCH /api/v1/pages/${slug} → ${res.status}: ${text}`);
  return JSON.parse(text) as ApiPage;
}

/** A slug nobody else in this run uses. */
export function uniqueSlug(prefix = "e2e"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`.slice(0, 32);
}
