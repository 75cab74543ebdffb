// Starting without an account (docs/onboarding.md): `/`'s form makes an unclaimed page and opens its
// editor through the draft cookie; the cookie never reaches a public page, a redirect or the API; the
// token is shown once; "continue editing" lets a creator back in; signing in claims the page.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { postForm } from "../helpers/dashboard";
import { endHold } from "../helpers/released-slugs";
import { signIn } from "../helpers/sign-in";

const same = { "sec-fetch-site": "same-origin", origin: "http://localhost" };

/** Create a page from the landing page's form; returns the slug, the Set-Cookie lines and the draft cookie pair. */
async function startPage(slug = uniqueSlug("start"), displayName = "Grace Hopper") {
  const res = await postForm(null, "/dashboard/start", { slug, displayName }, same);
  expect(res.status, await res.clone().text()).toBe(303);
  expect(res.headers.get("location")).toBe(`/dashboard/pages/${slug}?created=1`);
  const setCookies = res.headers.getSetCookie();
  const pairs = setCookies.map((c) => c.split(";")[0]!);
  return { slug, setCookies, cookie: pairs.join("; "), draft: pairs.find((p) => p.startsWith("melinks_draft="))! };
}

const get = (path: string, cookie: string, extra: Record<string, string> = {}) => call("GET", path, { headers: { cookie, ...extra } });
const tokenIn = (html: string) => /value="(mlc_[A-Za-z0-9_-]+)"/.exec(html)?.[1];

describe("creating a page from /", () => {
  it("the landing page offers the form, which works without JavaScript", async () => {
    const html = await (await call("GET", "/")).text();
    expect(html).toContain('action="/dashboard/start"');
    expect(html).toMatch(/name="slug"/);
    expect(html).toMatch(/name="displayName"/);
    expect(html).toContain('action="/dashboard/continue"');
  });

  it("creates an unclaimed page and lands in its editor with the token shown once", async () => {
    const { slug, setCookies, cookie, draft } = await startPage();
    // The cookie: HttpOnly, Secure, SameSite=Strict, scoped to /dashboard (no public page or redirect gets it).
    const draftLine = setCookies.find((c) => c.startsWith("melinks_draft="))!;
    expect(draftLine).toMatch(/; HttpOnly/);
    expect(draftLine).toMatch(/; Secure/);
    expect(draftLine).toMatch(/; SameSite=Strict/);
    expect(draftLine).toMatch(/; Path=\/dashboard(;|$)/);
    expect(draftLine).toMatch(/; Max-Age=(25[0-9]{5})/); // about 30 days, until the page would expire
    const page = await call("GET", `/api/v1/pages/${slug}`).then((r) => r.status);
    expect(page).toBe(401); // it exists, and the API wants credentials
    const first = await get(`/dashboard/pages/${slug}?created=1`, cookie);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const html = await first.text();
    const token = tokenIn(html)!;
    expect(token).toMatch(/^mlc_/);
    expect(draft).toBe(`melinks_draft=${token}`);
    expect(html).toContain("shown only this once");
    expect(html).toContain("Sign in and claim this page");
    // The token is the page's: it works as a Bearer claim token on the API.
    expect((await call("GET", `/api/v1/pages/${slug}`, { token })).status).toBe(200);
    // Shown once: the next view has no token in it, but offers the download.
    const again = await (await get(`/dashboard/pages/${slug}`, draft)).text();
    expect(tokenIn(again)).toBeUndefined();
    expect(again).toContain(`/dashboard/pages/${slug}/claim-token.txt`);
    const file = await get(`/dashboard/pages/${slug}/claim-token.txt`, draft);
    expect(file.headers.get("content-disposition")).toContain("attachment");
    expect(await file.text()).toContain(token);
  });

  it("refuses bad input on the form, in words, naming the field, and creates nothing", async () => {
    const res = await postForm(null, "/dashboard/start", { slug: "x", displayName: "" }, same);
    expect(res.status).toBe(400);
    expect(res.headers.get("set-cookie")).toBeNull();
    const html = await res.text();
    expect(html).toContain("must be at least 3 characters");
    expect(html).toMatch(/id="start-name-error"/);
  });

  it("a taken address says so and keeps what was typed", async () => {
    const { slug } = await createPage();
    const res = await postForm(null, "/dashboard/start", { slug, displayName: "Someone Else" }, same);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("already taken");
    expect(html).toContain('value="Someone Else"');
  });

  it("a form posted from another site is refused when it carries a draft cookie", async () => {
    const { slug, draft } = await startPage();
    const res = await postForm(null, `/dashboard/pages/${slug}`, { displayName: "Hacked", op: "save" }, { cookie: draft, "sec-fetch-site": "cross-site", origin: "https://evil.example" });
    expect(res.status).toBe(403);
    // A browser's form gets a page in words; the dashboard's API path keeps problem+json.
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("This form didn&#39;t come from MeLinks");
    const api = await call("PATCH", `/dashboard/api/v1/pages/${slug}`, { body: { bio: "x" }, headers: { cookie: draft, "sec-fetch-site": "cross-site" } });
    expect(api.status).toBe(403);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
  });

  // Another site's page must not start a page, or swap in a draft cookie of its choosing, from a visitor's browser.
  it.each([
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["a sibling subdomain", { "sec-fetch-site": "same-site" }],
    ["a foreign Origin (no Sec-Fetch-Site)", { origin: "https://evil.example" }],
    ["Origin: null (no Sec-Fetch-Site)", { origin: "null" }],
    ["only a foreign Referer", { referer: "https://evil.example/form" }],
  ])("start and continue refuse a cross-site form post (%s) with a page in words, and change nothing", async (_n, evil) => {
    const slug = uniqueSlug("xsite");
    const start = await postForm(null, "/dashboard/start", { slug, displayName: "Mallory" }, evil);
    expect(start.status).toBe(403);
    expect(start.headers.get("set-cookie")).toBeNull();
    expect(start.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await start.text()).toContain("This form didn&#39;t come from MeLinks");
    expect((await json(await call("GET", `/api/v1/slugs/${slug}`))).available).toBe(true);
    const theirs = await createPage();
    const cont = await postForm(null, "/dashboard/continue", { slug: theirs.slug, claimToken: theirs.token }, evil);
    expect(cont.status).toBe(403);
    expect(cont.headers.get("set-cookie")).toBeNull();
  });

  it("our own origin by Origin or Referer alone, or no browser headers at all (a script), may start a page", async () => {
    const senders: Record<string, string>[] = [{ origin: "http://localhost" }, { referer: "http://localhost/" }, {}];
    for (const headers of senders) {
      const res = await postForm(null, "/dashboard/start", { slug: uniqueSlug("own"), displayName: "Ada" }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(303);
    }
  });
});

describe("editing without an account", () => {
  it("saves through the form and through the dashboard's API path; the public page shows it", async () => {
    const { slug, draft } = await startPage();
    const html = await (await get(`/dashboard/pages/${slug}`, draft)).text();
    const etag = /name="etag" value="([^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"');
    const saved = await postForm(null, `/dashboard/pages/${slug}`, {
      op: "save", etag, displayName: "Grace B. Hopper", bio: "Compilers.", "theme.preset": "classic",
      "links.0.title": "Navy", "links.0.url": "https://example.com/navy", "links.0.enabled": "on",
    }, { ...same, cookie: draft });
    expect(saved.status, await saved.clone().text()).toBe(303);
    const api = await call("PATCH", `/dashboard/api/v1/pages/${slug}`, { body: { bio: "Compilers, COBOL." }, headers: { ...same, cookie: draft } });
    expect(api.status, await api.clone().text()).toBe(200);
    const pub = await call("GET", `/${slug}`);
    const body = await pub.text();
    expect(body).toContain("Grace B. Hopper");
    expect(body).toContain("Compilers, COBOL.");
  });

  it("live counts reach the editor through the draft cookie, on the dashboard's API path only", async () => {
    const { slug, draft } = await startPage();
    const open = (path: string) => exports.default.fetch(new Request(`http://localhost${path}`, { headers: { upgrade: "websocket", cookie: draft, ...same } }));
    expect((await open(`/api/v1/pages/${slug}/live?batch=1`)).status).toBe(401);
    const res = await open(`/dashboard/api/v1/pages/${slug}/live?batch=1`);
    const ws = res.webSocket!;
    expect(ws).toBeTruthy();
    const first = new Promise<any>((resolve) => ws.addEventListener("message", (e) => resolve(JSON.parse(e.data as string)), { once: true }));
    ws.accept();
    expect((await first).type).toBe("snapshot");
    ws.close(1000, "done");
  });

  it("the draft cookie opens only its own page, and nothing of the account", async () => {
    const { draft } = await startPage();
    const other = await startPage();
    expect((await get(`/dashboard/pages/${other.slug}`, draft)).status).toBe(404);
    expect((await call("PATCH", `/dashboard/api/v1/pages/${other.slug}`, { body: { bio: "x" }, headers: { ...same, cookie: draft } })).status).toBe(403);
    for (const path of ["/dashboard", "/dashboard/account", `/dashboard/pages/${other.slug}/pro`]) {
      const res = await get(path, draft);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toMatch(/^\/login/);
    }
  });

  it("the cookie means nothing outside /dashboard: the API and public routes ignore it", async () => {
    const { slug, draft } = await startPage();
    expect((await call("PATCH", `/api/v1/pages/${slug}`, { body: { bio: "x" }, headers: { ...same, cookie: draft } })).status).toBe(401);
    // Public page and redirect: no cookie set, and the same answer with or without the draft cookie.
    const a = await get(`/${slug}`, draft);
    expect(a.headers.get("set-cookie")).toBeNull();
    expect(await a.text()).toBe(await (await call("GET", `/${slug}`)).text());
  });

  it("continue editing: the address and the token let a creator back in; a wrong token learns nothing", async () => {
    const { slug, token } = await createPage();
    const wrong = await postForm(null, "/dashboard/continue", { slug, claimToken: "mlc_" + "A".repeat(43) }, same);
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const none = await postForm(null, "/dashboard/continue", { slug: uniqueSlug("nobody"), claimToken: token }, same);
    expect(none.status).toBe(403);
    expect(await none.text()).toContain("does not match an unclaimed page");
    const ok = await postForm(null, "/dashboard/continue", { slug: `http://localhost/${slug}`, claimToken: token }, same);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/dashboard/pages/${slug}`);
    const cookie = ok.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const editor = await get(`/dashboard/pages/${slug}`, cookie);
    expect(editor.status).toBe(200);
    expect(tokenIn(await editor.text())).toBeUndefined(); // not "fresh": the token is not shown again
  });
});

describe("claiming from the browser", () => {
  it("signed in with the draft cookie still set, one POST claims the page and clears the cookie", async () => {
    const { slug, draft } = await startPage();
    const s = await signIn();
    const both = `${s.cookie}; ${draft}`;
    const offer = await get(`/dashboard/pages/${slug}`, both);
    expect(offer.status).toBe(200);
    expect(await offer.text()).toContain(`action="/dashboard/pages/${slug}/claim"`);
    const res = await postForm(null, `/dashboard/pages/${slug}/claim`, {}, { ...same, cookie: both });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/dashboard/pages/${slug}?claimed=1`);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("melinks_draft=;") && /Max-Age=0/.test(c))).toBe(true);
    const page = await call("GET", `/api/v1/pages/${slug}`, { headers: s.headers }).then(json);
    expect(page.claimed).toBe(true);
    // The token is used up: the draft cookie opens nothing any more.
    expect((await get(`/dashboard/pages/${slug}`, draft)).status).toBe(404);
  });

  it("a claim without the draft cookie claims nothing", async () => {
    const { slug } = await startPage();
    const s = await signIn();
    const res = await postForm(s, `/dashboard/pages/${slug}/claim`, {}, same);
    expect(res.status).toBe(303);
    expect((await call("GET", `/api/v1/pages/${slug}`, { headers: s.headers })).status).toBe(403);
  });
});

describe("the 404 of a free address", () => {
  it("offers to create it; a reserved or invalid one doesn't", async () => {
    const slug = uniqueSlug("free");
    const res = await call("GET", `/${slug}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('action="/dashboard/start"');
    expect(html).toContain(`value="${slug}"`);
    expect(await (await call("GET", "/a")).text()).not.toContain("/dashboard/start");
  });

  it("an address held after a delete is not offered: the same answer as GET /api/v1/slugs/{slug}", async () => {
    const { slug, token } = await createPage();
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    const check = await json(await call("GET", `/api/v1/slugs/${slug}`));
    expect(check).toMatchObject({ available: false, reason: "recently_released" });
    const res = await call("GET", `/${slug}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("/dashboard/start");
    await endHold(slug);
    expect(await (await call("GET", `/${slug}`)).text()).toContain(`value="${slug}"`); // the hold is over: offered again
  });

  it("a sign-in look-alike or the product's name is not offered", async () => {
    for (const slug of ["sign-in", "melinks-help"]) {
      const res = await call("GET", `/${slug}`);
      expect(res.status, slug).toBe(404);
      expect(await res.text(), slug).not.toContain("/dashboard/start");
    }
  });
});

