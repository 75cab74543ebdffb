// The router Worker keeps rendered public pages in isolate memory (src/lib/page-cache.ts). These
// tests fill that cache with a GET first, then check that no edit is ever hidden by it: once an
// edit's response is back, the very next view shows the edit.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { proPageWithSignup } from "../helpers/pro-page";
import { makeUserPro, signIn } from "../helpers/sign-in";
import { endHold } from "../helpers/released-slugs";

const view = (slug: string, headers: Record<string, string> = {}) => call("GET", `/${slug}`, { headers });
const html = async (slug: string, headers: Record<string, string> = {}) => (await view(slug, headers)).text();

describe("public page cache: never stale after an edit returns", () => {
  it("PATCH then GET shows the new content at once, every time", async () => {
    const { slug, token } = await createPage({ displayName: "Version 0" });
    for (let v = 1; v <= 3; v++) {
      expect(await html(slug)).toContain(`Version ${v - 1}`); // cached now
      const res = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { displayName: `Version ${v}` } });
      expect(res.status).toBe(200);
      const after = await html(slug);
      expect(after).toContain(`Version ${v}`);
      expect(after).not.toContain(`Version ${v - 1}`);
    }
  });

  it("views racing a PATCH: every view that starts after the PATCH returns is new", async () => {
    const { slug, token } = await createPage({ bio: "old bio" });
    let patched = false;
    let staleAfterPatch = 0;
    let views = 0;
    const hammer = (async () => {
      while (!patched || views < 40) {
        const startedAfter = patched;
        const body = await html(slug);
        views++;
        if (startedAfter && body.includes("old bio")) staleAfterPatch++;
        // A cache hit involves no I/O here (one isolate): yield, or the DO's timers never run.
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    // The signal that the cache holds the old page and views are racing: the first views are back.
    while (views < 3) await new Promise((r) => setTimeout(r, 1));
    const res = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { bio: "new bio" } });
    expect(res.status).toBe(200);
    patched = true;
    await hammer;
    expect(staleAfterPatch).toBe(0);
  });

  it("link edits (added, disabled, re-titled) show at once", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "First", url: "https://example.com/1" }] });
    expect(await html(slug)).toContain(">First<");
    const res = await call("PATCH", `/api/v1/pages/${slug}`, {
      token,
      body: { links: [{ id: page.links[0].id, title: "First", url: "https://example.com/1", enabled: false }, { title: "Second", url: "https://example.com/2" }] },
    });
    expect(res.status).toBe(200);
    const after = await html(slug);
    expect(after).not.toContain(">First<");
    expect(after).toContain(">Second<");
  });

  it("DELETE then GET is 404, and a new page under the same slug shows its own content", async () => {
    const slug = uniqueSlug("gone");
    const { token } = await createPage({ slug, displayName: "Before delete" });
    expect((await view(slug)).status).toBe(200);
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    const gone = await view(slug);
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toContain("Before delete");
    await endHold(slug); // a deleted page's slug is held for 30 days (docs/rename.md)
    await createPage({ slug, displayName: "After delete" });
    const again = await html(slug);
    expect(again).toContain("After delete");
    expect(again).not.toContain("Before delete");
  });

  it("an unknown slug is not cached as missing: creating it shows it at once", async () => {
    const slug = uniqueSlug("later");
    expect((await view(slug)).status).toBe(404);
    await createPage({ slug, displayName: "Just created" });
    expect(await html(slug)).toContain("Just created");
  });

  it("claiming lifts noindex at once", async () => {
    const anon = await createPage();
    expect(await html(anon.slug)).toContain('<meta name="robots" content="noindex"/>');
    const owner = await signIn();
    const res = await call("POST", `/api/v1/pages/${anon.slug}/claim`, { headers: owner.headers, body: { claimToken: anon.token } });
    expect(res.status).toBe(200);
    expect(await html(anon.slug)).not.toContain("noindex");
  });

  it("a plan change shows at once: pro pages start carrying the referrer domain", async () => {
    const owner = await signIn();
    const slug = uniqueSlug("plan");
    expect((await call("POST", "/api/v1/pages", { headers: owner.headers, body: { slug, displayName: "Owner", links: [{ title: "Site", url: "https://example.com" }] } })).status).toBe(201);
    const referer = { referer: "https://social.example/post/1" };
    expect(await html(slug, referer)).not.toContain("?r=");
    await makeUserPro(owner.email);
    expect(await html(slug, referer)).toContain("?r=social.example");
  });

  it("signup-form changes show at once (on, heading, off)", async () => {
    const { owner, slug } = await proPageWithSignup();
    expect(await html(slug)).toContain("Join my newsletter");
    let res = await call("PATCH", `/api/v1/pages/${slug}`, { headers: owner.headers, body: { emailSignup: { enabled: true, heading: "Weekly letter", buttonText: "Join" } } });
    expect(res.status).toBe(200);
    const renamed = await html(slug);
    expect(renamed).toContain("Weekly letter");
    expect(renamed).not.toContain("Join my newsletter");
    res = await call("PATCH", `/api/v1/pages/${slug}`, { headers: owner.headers, body: { emailSignup: { enabled: false } } });
    expect(res.status).toBe(200);
    expect(await html(slug)).not.toContain("Weekly letter");
  });

  it("the signup outcome variants are cached apart from the plain page", async () => {
    const { slug } = await proPageWithSignup();
    const plain = await html(slug);
    const subscribed = await (await call("GET", `/${slug}?signup=subscribed`)).text();
    expect(subscribed).not.toBe(plain);
    expect(await html(slug)).toBe(plain);
    expect(await (await call("GET", `/${slug}?signup=subscribed`)).text()).toBe(subscribed);
  });
});

describe("public page cache: per-request parts stay per request", () => {
  it("a cached pro page carries each view's own referrer domain, and none for direct visits", async () => {
    const { slug } = await proPageWithSignup();
    expect(await html(slug, { referer: "https://a.example/x" })).toContain("?r=a.example");
    const b = await html(slug, { referer: "https://b.example/y" });
    expect(b).toContain("?r=b.example");
    expect(b).not.toContain("a.example");
    const direct = await html(slug);
    expect(direct).not.toContain("?r=");
    expect(await html(slug, { referer: `http://localhost/${slug}` })).not.toContain("?r="); // same site
  });

  it("a free page never carries a referrer, cached or not", async () => {
    const { slug } = await createPage();
    for (let i = 0; i < 2; i++) expect(await html(slug, { referer: "https://a.example/x" })).not.toContain("?r=");
  });

  it("cache hits keep the public page headers: CSP, no cookie, revalidation", async () => {
    const { slug } = await createPage();
    const first = await view(slug);
    const second = await view(slug);
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(second.headers.get("content-security-policy")).toBe(first.headers.get("content-security-policy"));
    expect(second.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await second.text()).toBe(await first.text());
  });

  it("a scheduled link appears at its start time even while the page is cached", async () => {
    const startsAt = new Date(Date.now() + 1500).toISOString();
    const { slug } = await createPage({ links: [{ title: "Always", url: "https://example.com/a" }, { title: "Later", url: "https://example.com/b", startsAt }] });
    expect(await html(slug)).not.toContain(">Later<");
    await new Promise((r) => setTimeout(r, Date.parse(startsAt) - Date.now() + 50));
    expect(await html(slug)).toContain(">Later<");
  });

  it("the bench routes do not exist outside the bench", async () => {
    expect(env.BENCH).toBeUndefined();
    for (const path of ["/__bench/static", "/__bench/d1/x"]) expect((await call("GET", path)).status).toBe(404);
  });
});
