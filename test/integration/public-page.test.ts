import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createPage } from "../helpers/create-page";

async function cspHash(css: string) {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(css)));
  return "sha256-" + btoa(String.fromCharCode(...d));
}

describe("GET /{slug}", () => {
  it("serves server-rendered HTML with no script, no cookie and a strict CSP matching its inline styles", async () => {
    const { slug } = await createPage();
    const res = await call("GET", `/${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("set-cookie")).toBeNull();
    const csp = res.headers.get("content-security-policy")!;
    for (const d of ["default-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
    expect(csp).not.toContain("unsafe-inline");
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles.length).toBeGreaterThan(0);
    for (const css of styles) expect(csp).toContain(`'${await cspHash(css)}'`);
    // Nothing is loaded from anywhere: no src attributes, no stylesheet links, no url() in CSS.
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/rel="stylesheet"/);
    expect(styles.join("")).not.toMatch(/url\(|@import/);
    expect(new TextEncoder().encode(html).byteLength).toBeLessThan(10 * 1024);
  });

  it("has title, description, Open Graph and Twitter tags, noindex while unclaimed, landmarks and rel=me links", async () => {
    const { slug, page } = await createPage({ bio: "Poet of science" });
    const html = await (await call("GET", `/${slug}`)).text();
    expect(html).toContain("<title>Ada Lovelace | MeLinks</title>");
    expect(html).toContain('<meta name="description" content="Poet of science"/>');
    expect(html).toContain('<meta property="og:title" content="Ada Lovelace"/>');
    expect(html).toContain('<meta property="og:description" content="Poet of science"/>');
    expect(html).toContain(`<meta property="og:url" content="http://localhost/${slug}"/>`); // the request's origin in local dev (dev-doors.test.ts)
    // No photo: the share image is the generated card, shown large (the photo case: public-page.share-image.test.ts).
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"/>');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<main>[\s\S]*<nav aria-label="Links from Ada Lovelace">/);
    expect(html).toContain(`<a class="btn" href="/${slug}/go/${page.links[0].id}" rel="me" dir="auto">Site</a>`);
    expect(html).not.toContain("https://example.com"); // the destination is only revealed by the redirect
  });

  it("escapes every piece of user text", async () => {
    const evil = `<script>alert(1)</script>"'&`;
    const { slug } = await createPage({
      displayName: evil.slice(0, 60),
      bio: `</style><img src=x onerror=alert(1)> "quoted"`,
      links: [{ title: `<b onclick="x()">bold</b>`, url: "https://example.com/?a=<b>&c=\"d\"" }],
    });
    const html = await (await call("GET", `/${slug}`)).text();
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b onclick");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toMatch(/content="&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;/);
  });

  it("shows only enabled links inside their schedule window", async () => {
    const hour = 3_600_000;
    const { slug } = await createPage({
      links: [
        { title: "Always", url: "https://a.example" },
        { title: "Off", url: "https://b.example", enabled: false },
        { title: "Future", url: "https://c.example", startsAt: new Date(Date.now() + hour).toISOString() },
        { title: "Past", url: "https://d.example", endsAt: new Date(Date.now() - hour).toISOString() },
        { title: "Now", url: "https://e.example", startsAt: new Date(Date.now() - hour).toISOString(), endsAt: new Date(Date.now() + hour).toISOString() },
      ],
    });
    const html = await (await call("GET", `/${slug}`)).text();
    const titles = [...html.matchAll(/class="btn"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(titles).toEqual(["Always", "Now"]);
  });

  it("reflects an edit at once (no stale render)", async () => {
    const { slug, token } = await createPage();
    expect(await (await call("GET", `/${slug}`)).text()).toContain("Ada Lovelace");
    await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { displayName: "Grace Hopper" } });
    const html = await (await call("GET", `/${slug}`)).text();
    expect(html).toContain("Grace Hopper");
    expect(html).not.toContain("Ada Lovelace");
  });

  it("redirects other cases of the slug to the canonical lower-case address", async () => {
    const { slug } = await createPage();
    const res = await call("GET", `/${slug.toUpperCase()}`);
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`/${slug}`);
  });

  it("answers HEAD without a body", async () => {
    const { slug } = await createPage();
    const res = await call("HEAD", `/${slug}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it.each(["no-such-page", "admin", "x", "-bad-"])("shows a friendly 404 page for /%s", async (path) => {
    const res = await call("GET", `/${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await res.text()).toContain("Nothing here");
  });

  it("leaves no storage behind for a visit to an unknown slug", async () => {
    expect((await call("GET", "/nobody-home")).status).toBe(404);
    const tables = await runInDurableObject(env.LINK_PAGE.getByName("nobody-home"), (_i, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\'").toArray(),
    );
    expect(tables).toEqual([]);
  });
});

describe("GET /{slug}/go/{linkId}", () => {
  it("302s to the link's URL with no-store and no cookie", async () => {
    const { slug, page } = await createPage({ links: [{ title: "Site", url: "https://example.com/path?q=1" }] });
    const res = await call("GET", `/${slug}/go/${page.links[0].id}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://example.com/path?q=1");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("answers 404 for unknown, disabled and out-of-schedule links, and unknown pages", async () => {
    const hour = 3_600_000;
    const { slug, page } = await createPage({
      links: [
        { title: "Off", url: "https://b.example", enabled: false },
        { title: "Future", url: "https://c.example", startsAt: new Date(Date.now() + hour).toISOString() },
        { title: "Past", url: "https://d.example", endsAt: new Date(Date.now() - hour).toISOString() },
      ],
    });
    for (const link of page.links) {
      const res = await call("GET", `/${slug}/go/${link.id}`);
      expect(res.status, link.title).toBe(404);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    expect((await call("GET", `/${slug}/go/ln_unknown`)).status).toBe(404);
    expect((await call("GET", `/no-such-page/go/${page.links[0].id}`)).status).toBe(404);
  });

  it("follows link edits at once", async () => {
    const { slug, token, page } = await createPage();
    const id = page.links[0].id;
    await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { links: [{ id, title: "Site", url: "https://moved.example/" }] } });
    expect((await call("GET", `/${slug}/go/${id}`)).headers.get("location")).toBe("https://moved.example/");
    await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { links: [{ id, title: "Site", url: "https://moved.example/", enabled: false }] } });
    expect((await call("GET", `/${slug}/go/${id}`)).status).toBe(404);
  });
});
