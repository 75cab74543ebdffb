// Renaming a page (docs/rename.md): PATCH { slug } moves the page to the DO named by the new slug.
// Everything runs through the real Worker, DOs and D1; the 30-day hold is driven by moving the stored
// release times back (D1 row and the old DO's tombstone), never by sleeping.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RELEASED_SLUG_HOLD_MS } from "../../src/lib/policy";
import type { LinkPage } from "../../src/link-page/link-page";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { openLive } from "../helpers/live";
import { expectProblem } from "../helpers/problem";
import { createViaForm, getAs, postForm } from "../helpers/dashboard";
import { proPageWithSignup } from "../helpers/pro-page";
import { signIn } from "../helpers/sign-in";
import { fakeEndpoint } from "../helpers/webhook-fake";
import { d1Clicks, doRows, pageIdOf } from "../helpers/storage";

const stubOf = (slug: string): DurableObjectStub<LinkPage> => env.LINK_PAGE.getByName(slug);
const rename = (slug: string, to: string, auth: { token?: string; headers?: Record<string, string> }, extra: Record<string, unknown> = {}) =>
  call("PATCH", `/api/v1/pages/${slug}`, { ...auth, body: { slug: to, ...extra } });

async function totals(slug: string, token: string): Promise<{ clicks: number; links: Record<string, number> }> {
  const res = await call("GET", `/api/v1/pages/${slug}/analytics`, { token });
  expect(res.status).toBe(200);
  const body = await json(res);
  return { clicks: body.totals.clicks, links: Object.fromEntries(body.links.map((l: any) => [l.linkId, l.clicks])) };
}

async function snapshot(slug: string, token: string): Promise<Record<string, number>> {
  const { live } = await openLive(slug, token);
  const msg = await live!.next();
  live!.close();
  expect(msg.type).toBe("snapshot");
  return msg.totals;
}

/**
 * Age the hold on `slug` past 30 days: its D1 row, and the tombstone in its DO if it has one (then the
 * DO is evicted, so it reads the aged tombstone from storage as it would after 30 days).
 */
async function expireHold(slug: string): Promise<void> {
  const past = Date.now() - RELEASED_SLUG_HOLD_MS - 1000;
  await env.DB.prepare("UPDATE released_slugs SET released_at = ? WHERE slug = ?").bind(past, slug).run();
  const aged = await runInDurableObject(stubOf(slug), (_i, s) => {
    if (!s.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = '_meta'").toArray().length) return false;
    const row = s.storage.sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'moved_to'").toArray()[0];
    if (row) s.storage.sql.exec("UPDATE _meta SET value = ? WHERE key = 'moved_to'", JSON.stringify({ ...JSON.parse(row.value), movedAt: past }));
    return Boolean(row);
  });
  if (aged) await evictDurableObject(stubOf(slug));
}

/** Poll until `path` answers `status` (a router isolate may reuse an answer for PAGE_CACHE_TTL_MS). */
async function untilStatus(path: string, status: number, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await call("GET", path);
    if (res.status === status) return;
    if (Date.now() > end) expect(res.status).toBe(status);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("PATCH /api/v1/pages/{slug} with a new slug", () => {
  it("answers the page under its new address; content, claim token, analytics and buffer carry over", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    for (let i = 0; i < 3; i++) await click(slug, a.id);
    await click(slug, b.id);
    const before = await totals(slug, token);
    expect(before).toEqual({ clicks: 4, links: { [a.id]: 3, [b.id]: 1 } });

    const to = uniqueSlug("renamed");
    const res = await rename(slug, to, { token }, { displayName: "Ada, renamed" });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ slug: to, displayName: "Ada, renamed", links: page.links });
    expect(res.headers.get("etag")).toBeTruthy();
    expect(res.headers.get("content-location")).toBe(`/api/v1/pages/${to}`);

    // The claim token still manages the page, now at the new address only.
    expect((await call("GET", `/api/v1/pages/${to}`, { token })).status).toBe(200);
    await expectProblem(await call("GET", `/api/v1/pages/${slug}`, { token }), 404);
    // Unflushed clicks moved with the page: counted once, before and after the next flush.
    expect(await totals(to, token)).toEqual(before);
    expect(await snapshot(to, token)).toEqual({ [a.id]: 3, [b.id]: 1 });
    expect(await doRows(slug, "clicks")).toEqual([]);
    expect(await runDurableObjectAlarm(stubOf(to))).toBe(true);
    expect(await d1Clicks(await pageIdOf(to))).toBe(4);
    expect(await totals(to, token)).toEqual(before);
    // The public page lives at the new address; the old one redirects (query kept).
    const pub = await call("GET", `/${to}`);
    expect(pub.status).toBe(200);
    expect(await pub.text()).toContain("Ada, renamed");
    const old = await call("GET", `/${slug}?x=1`);
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe(`/${to}?x=1`);
    expect(old.headers.get("cache-control")).toBe("no-store");
  });

  it("sends clicks at the old address to the new one with a 301, and counts each once when followed", async () => {
    const { slug, token, page } = await createPage();
    const link = page.links[0];
    await click(slug, link.id);
    expect((await call("GET", `/${slug}`)).status).toBe(200); // now in this isolate's page cache
    const to = uniqueSlug("moved");
    expect((await rename(slug, to, { token })).status).toBe(200);
    // Once the rename has answered, no cached copy of the old page is served any more.
    expect((await call("GET", `/${slug}`)).status).toBe(301);

    const res = await click(slug, link.id, { query: "?r=news.example" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`/${to}/go/${link.id}?r=news.example`);
    expect((await totals(to, token)).clicks).toBe(1); // the 301 counted nothing
    const followed = await click(to, link.id, { query: "?r=news.example" });
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe("https://example.com/");
    expect((await totals(to, token)).clicks).toBe(2);
    // Unknown links at the old address also go to the new one, which says 404.
    expect((await click(slug, "ln_nope")).status).toBe(301);
    expect((await click(to, "ln_nope")).status).toBe(404);
  });

  it("refuses a taken, reserved or invalid slug, and a stale If-Match, changing nothing", async () => {
    const { slug, token, etag } = await createPage();
    const other = await createPage();
    const taken = await expectProblem(await rename(slug, other.slug, { token }), 409);
    expect(taken.reason).toBe("taken");
    await expectProblem(await rename(slug, "dashboard", { token }), 400, "slug");
    await expectProblem(await rename(slug, "-x", { token }), 400, "slug");

    const edited = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { bio: "newer" } });
    expect(edited.status).toBe(200);
    const to = uniqueSlug("stale");
    const stale = await call("PATCH", `/api/v1/pages/${slug}`, { token, headers: { "if-match": etag }, body: { slug: to } });
    await expectProblem(stale, 412);
    expect((await call("GET", `/${slug}`)).status).toBe(200);
    expect((await call("GET", `/${to}`)).status).toBe(404);
    expect(await pageIdOf(slug)).toBeTruthy();
    // With the current ETag it works, and the old ETag no longer does anything at the new address.
    const ok = await call("PATCH", `/api/v1/pages/${slug}`, { token, headers: { "if-match": edited.headers.get("etag")! }, body: { slug: to } });
    expect(ok.status).toBe(200);
    await expectProblem(await call("PATCH", `/api/v1/pages/${to}`, { token, headers: { "if-match": edited.headers.get("etag")! }, body: { bio: "x" } }), 412);
  });

  it("tells open live sockets the new slug without closing them (docs/rename.md#live-sockets)", async () => {
    const { slug, token } = await createPage();
    const { live } = await openLive(slug, token);
    await live!.next(); // snapshot
    const to = uniqueSlug("live");
    expect((await rename(slug, to, { token })).status).toBe(200);
    expect(await live!.next()).toEqual({ type: "renamed", slug: to });
    // A socket asked for later at the old address: the API names pages by their current slug.
    expect((await openLive(slug, token)).res.status).toBe(404);
    const again = await openLive(to, token);
    expect(again.res.status).toBe(101);
    again.live!.close();
    live!.close();
  });
});

describe("what carries over", () => {
  it("subscribers and webhooks stay with the page, and its webhooks hear page.updated with the new slug", async () => {
    const { owner, slug } = await proPageWithSignup();
    const auth = { headers: owner.headers };
    const pageId = await pageIdOf(slug);
    const fake = fakeEndpoint();
    expect((await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url: fake.url, events: ["page.updated"] } })).status).toBe(201);
    const signup = await call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email: "reader@example.com" } });
    expect(signup.status).toBeLessThan(300);
    const subscribersBefore = await json(await call("GET", `/api/v1/pages/${slug}/subscribers`, auth));
    const rows = () => env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers WHERE page_id = ?").bind(pageId).first("n");
    expect(await rows()).toBe(1);

    const to = uniqueSlug("carried");
    expect((await rename(slug, to, auth)).status).toBe(200);
    expect(await json(await call("GET", `/api/v1/pages/${to}/subscribers`, auth))).toEqual(subscribersBefore);
    expect(await rows()).toBe(1);
    expect((await json(await call("GET", `/api/v1/pages/${to}/webhooks`, auth))).webhooks).toHaveLength(1);
    const [delivery] = await fake.waitFor(1);
    const event = JSON.parse(delivery!.body);
    expect(event).toMatchObject({ type: "page.updated", data: { slug: to } });
  });
});

describe("addresses let go of are held for 30 days", () => {
  it("keeps a renamed-away slug from others, redirects it, lets the same page take it back", async () => {
    const owner = await signIn();
    const create = await call("POST", "/api/v1/pages", { headers: owner.headers, body: { slug: uniqueSlug("hold"), displayName: "Held" } });
    const slug = (await json(create)).page.slug as string;
    const to = uniqueSlug("holder");
    expect((await rename(slug, to, { headers: owner.headers })).status).toBe(200);

    // Nobody else gets the old address: not by creating, not by renaming, not even the same owner's other page.
    const stranger = await call("POST", "/api/v1/pages", { body: { slug, displayName: "Squatter" } });
    expect((await expectProblem(stranger, 409)).reason).toBe("recently_released");
    const other = await createPage();
    expect((await expectProblem(await rename(other.slug, slug, { token: other.token }), 409)).reason).toBe("recently_released");
    expect((await json(await call("GET", `/api/v1/slugs/${slug}`))).reason).toBe("recently_released");

    // The page itself may come back: the old address serves it again, the other one now redirects.
    const back = await rename(to, slug, { headers: owner.headers });
    expect(back.status, await back.clone().text()).toBe(200);
    expect((await call("GET", `/${slug}`)).status).toBe(200);
    expect((await call("GET", `/${to}`)).headers.get("location")).toBe(`/${slug}`);
  });

  it("old addresses follow the page: a → b → c sends a straight to c; a → b → a → c sends both to c", async () => {
    const { slug: a, token, page } = await createPage();
    const [b, c, d] = [uniqueSlug("hop-b"), uniqueSlug("hop-c"), uniqueSlug("hop-d")];
    expect((await rename(a, b, { token })).status).toBe(200);
    expect((await rename(b, c, { token })).status).toBe(200);
    for (const old of [a, b]) {
      expect((await call("GET", `/${old}`)).headers.get("location")).toBe(`/${c}`);
      expect((await click(old, page.links[0].id)).headers.get("location")).toBe(`/${c}/go/${page.links[0].id}`);
    }
    // Back to an old address and on again: no loop, no second hop.
    expect((await rename(c, a, { token })).status).toBe(200);
    expect((await rename(a, d, { token })).status).toBe(200);
    for (const old of [a, b, c]) expect((await call("GET", `/${old}`)).headers.get("location")).toBe(`/${d}`);
  });

  it("deleting a renamed page: its old addresses stop redirecting (404) and stay held from others", async () => {
    const { slug: from, token, page } = await createPage();
    const to = uniqueSlug("gone");
    expect((await rename(from, to, { token })).status).toBe(200);
    expect((await call("GET", `/${from}`)).status).toBe(301);
    expect((await call("DELETE", `/api/v1/pages/${to}`, { token })).status).toBe(204);
    for (const res of [await call("GET", `/${from}`), await click(from, page.links[0].id), await call("GET", `/${to}`)]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("location")).toBeNull();
    }
    for (const slug of [from, to]) expect((await json(await call("GET", `/api/v1/slugs/${slug}`))).reason).toBe("recently_released");
  });

  it("frees a renamed-away slug after 30 days: no more redirect, anyone may create it", async () => {
    const { slug, token } = await createPage();
    const to = uniqueSlug("later");
    expect((await rename(slug, to, { token })).status).toBe(200);
    expect((await call("GET", `/${slug}`)).status).toBe(301);
    await expireHold(slug);
    await untilStatus(`/${slug}`, 404);
    // The tombstone's alarm, set for the end of the hold, leaves nothing behind in the old DO.
    expect(await runDurableObjectAlarm(stubOf(slug))).toBe(true);
    const tables = await runInDurableObject(stubOf(slug), (_i, s) => s.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'").toArray());
    expect(tables).toEqual([]);
    expect((await json(await call("GET", `/api/v1/slugs/${slug}`))).available).toBe(true);
    const fresh = await createPage({ slug, displayName: "Newcomer" });
    expect(fresh.page.slug).toBe(slug);
    expect(await (await call("GET", `/${slug}`)).text()).toContain("Newcomer");
    // The renamed page is untouched at its new address.
    expect((await call("GET", `/api/v1/pages/${to}`, { token })).status).toBe(200);
  });

  it("holds a deleted page's slug from others for 30 days, but not from its owner", async () => {
    const owner = await signIn();
    const slug = uniqueSlug("deleted");
    expect((await call("POST", "/api/v1/pages", { headers: owner.headers, body: { slug, displayName: "Gone" } })).status).toBe(201);
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { headers: owner.headers })).status).toBe(204);
    expect((await call("GET", `/${slug}`)).status).toBe(404); // deleted: nothing to redirect to

    const stranger = await call("POST", "/api/v1/pages", { body: { slug, displayName: "Squatter" } });
    expect((await expectProblem(stranger, 409)).reason).toBe("recently_released");
    const other = await createPage();
    expect((await expectProblem(await rename(other.slug, slug, { token: other.token }), 409)).reason).toBe("recently_released");
    const again = await call("POST", "/api/v1/pages", { headers: owner.headers, body: { slug, displayName: "Back again" } });
    expect(again.status).toBe(201);
  });

  it("frees a deleted page's slug for everyone after 30 days", async () => {
    const { slug, token } = await createPage();
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    expect((await expectProblem(await call("POST", "/api/v1/pages", { body: { slug, displayName: "Too soon" } }), 409)).reason).toBe("recently_released");
    await expireHold(slug);
    expect((await createPage({ slug })).page.slug).toBe(slug);
  });
});

describe("the dashboard's change-address form", () => {
  it("warns about printed QR codes, renames without JavaScript, and says why an address is refused", async () => {
    const owner = await signIn();
    const slug = await createViaForm(owner, uniqueSlug("dash"));
    const editor = await (await getAs(owner, `/dashboard/pages/${slug}`)).text();
    expect(editor).toContain(`action="/dashboard/pages/${slug}/rename"`);
    expect(editor).toMatch(/Printed QR codes[^<]*/);
    expect(editor).toContain("for 30 days only");

    const other = await createPage();
    const refused = await postForm(owner, `/dashboard/pages/${slug}/rename`, { slug: other.slug });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("That address belongs to another page.");
    const reserved = await postForm(owner, `/dashboard/pages/${slug}/rename`, { slug: "dashboard" });
    expect(reserved.status).toBe(400);
    expect(await reserved.text()).toContain("is reserved");

    const to = uniqueSlug("dashed");
    const res = await postForm(owner, `/dashboard/pages/${slug}/rename`, { slug: to.toUpperCase() });
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get("location")).toBe(`/dashboard/pages/${to}?renamed=1`);
    const after = await (await getAs(owner, res.headers.get("location")!)).text();
    expect(after).toContain("Your page has its new address");
    expect(after).toContain(`/dashboard/pages/${to}/qr.svg`);
    expect((await call("GET", `/${slug}`)).headers.get("location")).toBe(`/${to}`);
    // Someone else's page can't be renamed through the form.
    const stranger = await signIn();
    expect((await postForm(stranger, `/dashboard/pages/${to}/rename`, { slug: uniqueSlug("steal") })).status).toBe(404);
  });
});
