// The dashboard's doors: signed-out visitors are sent to /login, pages answer for their owner only,
// and cookie-authenticated form posts from another site are refused (CSRF).
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { createViaForm, getAs, postForm } from "../helpers/dashboard";
import { signIn } from "../helpers/sign-in";

describe("signed out", () => {
  it.each(["/dashboard", "/dashboard/account", "/dashboard/pages/some-page", "/dashboard/pages/some-page/analytics?range=24h"])(
    "GET %s redirects to /login with next",
    async (path) => {
      const res = await call("GET", path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    },
  );

  it("a form post redirects to /login?next=/dashboard and does nothing", async () => {
    const slug = uniqueSlug("anon");
    const res = await postForm(null, "/dashboard/pages", { slug, displayName: "X" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fdashboard");
    expect((await call("GET", `/api/v1/slugs/${slug}`).then(json)).available).toBe(true);
  });

  it("an ended or forged session, or an API key, is not a dashboard session", async () => {
    expect((await call("GET", "/dashboard", { headers: { cookie: "melinks_session=" + "A".repeat(43) } })).status).toBe(303);
    const s = await signIn();
    const key = (await call("POST", "/api/v1/api-keys", { headers: s.headers, body: { name: "k" } }).then(json)).key;
    expect((await call("GET", "/dashboard", { token: key })).status).toBe(303);
  });
});

describe("owner only", () => {
  it("another user's page, or an unclaimed one, looks like no page at all", async () => {
    const owner = await signIn();
    const other = await signIn();
    const slug = await createViaForm(owner, uniqueSlug("own"));
    const anon = await createPage();
    for (const target of [slug, anon.slug, "no-such-page-here"]) {
      for (const sub of ["", "/analytics", "/analytics/fragment", "/preview", "/qr.svg", "/qr.png"]) {
        const res = await getAs(other, `/dashboard/pages/${target}${sub}`);
        expect(res.status, `${target}${sub}`).toBe(404);
        expect(await res.text()).not.toContain("Ada Lovelace");
      }
    }
    expect((await postForm(other, `/dashboard/pages/${slug}`, { op: "save", displayName: "Mine now" })).status).toBe(404);
    expect((await postForm(other, `/dashboard/pages/${slug}/delete`, { confirm: slug })).status).toBe(404);
    expect((await postForm(other, `/dashboard/pages/${slug}/avatar/delete`, {})).status).toBe(404);
    const photo = new FormData();
    photo.set("photo", new File([new Uint8Array([0xff, 0xd8, 0xff])], "x.jpg", { type: "image/jpeg" }));
    expect((await call("POST", `/dashboard/pages/${slug}/avatar`, { rawBody: photo, headers: other.headers })).status).toBe(404);
    const page = await call("GET", `/api/v1/pages/${slug}`, { headers: owner.headers }).then(json);
    expect(page.displayName).toBe("Ada Lovelace");
  });
});

describe("CSRF", () => {
  const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };

  it("refuses cross-site form posts that carry the session cookie", async () => {
    const s = await signIn();
    const slug = uniqueSlug("csrf");
    const res = await postForm(s, "/dashboard/pages", { slug, displayName: "X" }, evil);
    expect(res.status).toBe(403);
    expect((await call("GET", `/api/v1/slugs/${slug}`).then(json)).available).toBe(true);

    const mine = await createViaForm(s, uniqueSlug("csrf"));
    expect((await postForm(s, `/dashboard/pages/${mine}/delete`, { confirm: mine }, evil)).status).toBe(403);
    expect((await postForm(s, "/dashboard/account/delete", { confirm: s.email }, evil)).status).toBe(403);
    expect((await postForm(s, "/dashboard/account/api-keys", { name: "stolen" }, evil)).status).toBe(403);
    expect((await postForm(s, "/dashboard/logout", {}, evil)).status).toBe(403);
    expect((await getAs(s, `/dashboard/pages/${mine}`)).status).toBe(200);
    expect((await call("GET", "/api/v1/me", { headers: s.headers }).then(json)).apiKeys).toBe(0);
  });
});

describe("headers", () => {
  it("dashboard pages are private, and their CSP allows only our origin (frames too, for the preview)", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("hdr"));
    for (const path of ["/dashboard", `/dashboard/pages/${slug}`, `/dashboard/pages/${slug}/analytics`, "/dashboard/account"]) {
      const res = await getAs(s, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\b(src="\/assets\/|type="application\/json"))/); // no inline script
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)="(https?:)?\/\//); // nothing from another origin
    }
    const preview = await getAs(s, `/dashboard/pages/${slug}/preview`);
    expect(preview.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(preview.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(await preview.text()).not.toContain("<script");
  });
});
