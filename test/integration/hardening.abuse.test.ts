// Rate limits (docs/limits.md): one policy per action, whichever door a request comes through — the
// JSON API answers 429 problem+json, a dashboard form a page in words, both with Retry-After — and the
// requests we send on a user's behalf (webhook tests, page.updated) are limited too. Bursts of many
// requests run inside one limiter window (helpers/limit-window.ts) and have generous time: they must
// pass on a busy 2-core machine.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { editorEtag, postForm } from "../helpers/dashboard";
import { inOneWindow, MANY_REQUESTS_TIMEOUT_MS } from "../helpers/limit-window";
import { expectProblem } from "../helpers/problem";
import { proPage } from "../helpers/pro-page";
import { signIn } from "../helpers/sign-in";
import { fakeEndpoint } from "../helpers/webhook-fake";

const slow = { timeout: MANY_REQUESTS_TIMEOUT_MS };

/** A form over a limit: 429, Retry-After, and an HTML page that says so in words (not problem+json). */
async function expectLimitPage(res: Response, words: RegExp) {
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe("60");
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  const html = await res.text();
  expect(html).toMatch(words);
  expect(html).toContain("Wait 60 seconds");
}

describe("rate limits answer 429 with Retry-After", () => {
  it("page creation: 60 well-formed requests a minute per client (malformed ones don't count)", slow, async () => {
    const seen = await inOneWindow(60, async (attempt) => {
      const client = { "cf-connecting-ip": `203.0.113.${40 + attempt}` };
      const malformed: number[] = [];
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) malformed.push((await call("POST", "/api/v1/pages", { headers: client, body: { slug: "x", displayName: "" } })).status);
      for (let i = 0; i < 62; i++) statuses.push((await call("POST", "/api/v1/pages", { headers: client, body: { slug: uniqueSlug("flood"), displayName: "F" } })).status);
      const last = await call("POST", "/api/v1/pages", { headers: client, body: { slug: uniqueSlug("flood"), displayName: "F" } });
      return { malformed, statuses, last };
    });
    expect(seen.malformed).toEqual([400, 400, 400, 400, 400]);
    expect(seen.statuses.filter((s) => s === 201)).toHaveLength(60);
    await expectProblem(seen.last, 429);
    expect(seen.last.headers.get("retry-after")).toBe("60");
    // Someone else is unaffected.
    expect((await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug("other"), displayName: "O" } })).status).toBe(201);
  });

  it("page creation by a signed-in user is one budget of 60 across the API and the dashboard's form", slow, async () => {
    const seen = await inOneWindow(60, async () => {
      const s = await signIn();
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await call("POST", "/api/v1/pages", { headers: s.headers, body: { slug: uniqueSlug("api"), displayName: "A" } })).status);
      for (let i = 0; i < 30; i++) statuses.push((await postForm(s, "/dashboard/pages", { slug: uniqueSlug("form"), displayName: "F" })).status);
      const form = await postForm(s, "/dashboard/pages", { slug: uniqueSlug("form"), displayName: "F" });
      const api = await call("POST", "/api/v1/pages", { headers: s.headers, body: { slug: uniqueSlug("api"), displayName: "A" } });
      const mine = (await json(await call("GET", "/api/v1/pages", { headers: s.headers }))).pages.length;
      return { statuses, form, api, mine };
    });
    expect(seen.statuses).toEqual([...Array(30).fill(201), ...Array(30).fill(303)]);
    await expectLimitPage(seen.form, /Too many new pages/);
    await expectProblem(seen.api, 429);
    expect(seen.mine).toBe(60); // the refused ones created nothing
  });

  it("API writes: 300 a minute per caller; reads are not limited by it", slow, async () => {
    const { slug, token } = await createPage();
    const seen = await inOneWindow(60, async (attempt) => {
      const client = { "cf-connecting-ip": `203.0.113.${50 + attempt}` };
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 302; i++) {
        const res = await call("PATCH", `/api/v1/pages/${slug}`, { token, headers: client, body: { bio: `edit ${i}` } });
        statuses.push(res.status);
        if (res.status === 429) retryAfter ??= res.headers.get("retry-after");
      }
      const read = await call("GET", `/api/v1/pages/${slug}`, { token, headers: client });
      return { statuses, retryAfter, read: read.status };
    });
    expect(seen.statuses.indexOf(429)).toBe(300);
    expect(seen.statuses.slice(0, 300).every((s) => s === 200)).toBe(true);
    expect(seen.retryAfter).toBe("60");
    expect(seen.read).toBe(200);
  });

  it("dashboard form posts and API calls share the account's 300 writes a minute; over it a form gets a page in words", slow, async () => {
    const seen = await inOneWindow(60, async () => {
      const s = await signIn();
      const slug = uniqueSlug("w");
      expect((await call("POST", "/api/v1/pages", { headers: s.headers, body: { slug, displayName: "W" } })).status).toBe(201);
      const etag = await editorEtag(s, slug);
      // 298 more writes through the API (a malformed body still counts: it is a write attempt).
      const api: number[] = [];
      for (let i = 0; i < 298; i++) api.push((await call("POST", "/api/v1/api-keys", { headers: s.headers, body: {} })).status);
      const save = { displayName: "Saved by form", bio: "", "theme.preset": "classic", etag };
      const lastAllowed = await postForm(s, `/dashboard/pages/${slug}`, save);
      const refused = await postForm(s, `/dashboard/pages/${slug}`, { ...save, displayName: "Refused" });
      const refusedApi = await call("PATCH", `/api/v1/pages/${slug}`, { headers: s.headers, body: { bio: "refused" } });
      const page = await json(await call("GET", `/api/v1/pages/${slug}`, { headers: s.headers }));
      const logout = await postForm(s, "/dashboard/logout", {}); // signing out is never refused
      return { api, lastAllowed, refused, refusedApi, page, logout };
    });
    expect(seen.api.every((st) => st === 400)).toBe(true);
    expect(seen.lastAllowed.status).toBe(303);
    await expectLimitPage(seen.refused, /Too many changes in a short time/);
    await expectProblem(seen.refusedApi, 429);
    expect(seen.page).toMatchObject({ displayName: "Saved by form", bio: "" });
    expect(seen.logout.status).toBe(303);
  });
});

describe("reports", () => {
  it("10 a minute per client; the 11th gets the report form back with 429, Retry-After and the reason in words", slow, async () => {
    const { slug } = await createPage();
    const seen = await inOneWindow(60, async (attempt) => {
      const client = { "cf-connecting-ip": `203.0.113.${60 + attempt}`, "content-type": "application/x-www-form-urlencoded" };
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await call("POST", `/report/${slug}`, { rawBody: "reason=spam", headers: client })).status);
      const last = await call("POST", `/report/${slug}`, { rawBody: "reason=spam", headers: client });
      return { statuses, last, stored: await env.DB.prepare("SELECT COUNT(*) AS n FROM reports WHERE slug = ?").bind(slug).first<number>("n") };
    });
    expect(seen.statuses).toEqual([...Array(10).fill(303), 429]);
    expect(seen.last.status).toBe(429);
    expect(seen.last.headers.get("retry-after")).toBe("60");
    expect(await seen.last.text()).toContain("Too many reports from here");
    expect(seen.stored).toBeGreaterThanOrEqual(10);
  });
});

describe("requests we send on a user's behalf are limited too", () => {
  it("webhook test events: 10 a minute per account, API and dashboard together; the endpoint gets 10, not 12", slow, async () => {
    const seen = await inOneWindow(60, async () => {
      const { slug, auth, owner } = await proPage();
      const fake = fakeEndpoint();
      const hook = await json(await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url: fake.url, events: ["page.updated"] } }));
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await call("POST", `/api/v1/pages/${slug}/webhooks/${hook.id}/test`, auth)).status);
      for (let i = 0; i < 5; i++) statuses.push((await postForm(owner, `/dashboard/pages/${slug}/pro/webhooks/${hook.id}/test`, {})).status);
      const api = await call("POST", `/api/v1/pages/${slug}/webhooks/${hook.id}/test`, auth);
      const form = await postForm(owner, `/dashboard/pages/${slug}/pro/webhooks/${hook.id}/test`, {});
      return { statuses, api, form, fake };
    });
    expect(seen.statuses).toEqual([...Array(5).fill(202), ...Array(5).fill(303)]);
    await expectProblem(seen.api, 429);
    expect(seen.api.headers.get("retry-after")).toBe("60");
    await expectLimitPage(seen.form, /Too many webhook test events/);
    // Explicit signal that nothing more is on its way: the 10 accepted ones arrived, and the two refused were never queued (no message id).
    expect(await seen.fake.waitFor(10, 60_000)).toHaveLength(10);
  });

  it("page.updated: a burst of 20 edits (API and form) sends the first at once and one coalesced event with the final page, not 20", slow, async () => {
    const { slug, auth, owner } = await proPage();
    const fake = fakeEndpoint();
    await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url: fake.url, events: ["page.updated"] } });
    for (let i = 0; i < 10; i++) expect((await call("PATCH", `/api/v1/pages/${slug}`, { ...auth, body: { bio: `api ${i}` } })).status).toBe(200);
    for (let i = 0; i < 10; i++) {
      const save = { displayName: "Ada Lovelace", bio: `form ${i}`, "theme.preset": "classic", etag: await editorEtag(owner, slug) };
      expect((await postForm(owner, `/dashboard/pages/${slug}`, save)).status).toBe(303);
    }
    const got = await fake.waitFor(2, 60_000); // the coalesced one, at the end of the 10 s window
    expect(got.map((r) => JSON.parse(r.body).data.bio)).toEqual(["api 0", "form 9"]);
    // Explicit signal that no third is coming: the page's gate has no send queued.
    const gate = await env.DB.prepare("SELECT pending FROM page_event_gates WHERE page_id = (SELECT id FROM pages WHERE slug = ?)").bind(slug).first<number>("pending");
    expect(gate).toBe(0);
    expect(await fake.received()).toHaveLength(2);
  });
});
