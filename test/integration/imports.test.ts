// POST /api/v1/imports through the real Worker: dry run, create (anonymous and signed in), a MeLinks
// round trip, and refusals as problem+json (docs/imports.md).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { signIn } from "../helpers/sign-in";
import linktreeHtml from "../fixtures/imports/linktree-page.html?raw";
import linktreeJson from "../fixtures/imports/linktree-next-data.json?raw";

const importPage = (body: Record<string, unknown>, opts: { headers?: Record<string, string>; token?: string } = {}) =>
  call("POST", "/api/v1/imports", { ...opts, body });
const pageRow = (slug: string) => env.DB.prepare("SELECT * FROM pages WHERE slug = ?").bind(slug).first<any>();

describe("POST /api/v1/imports", () => {
  it("dryRun shows the page and what was dropped, and creates nothing", async () => {
    const slug = uniqueSlug("imp");
    const res = await importPage({ source: "linktree", content: linktreeHtml, slug, dryRun: true });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.page).toMatchObject({ slug, displayName: "Ada Lovelace" });
    expect(body.page.links.map((l: any) => l.type)).toEqual(["header", "link", "link", "link"]); // "My work" is a header
    expect(body.page.socials.map((s: any) => s.url)).toEqual(["https://instagram.com/ada", "https://github.com/ada"]);
    expect(body.dropped.map((d: any) => d.where)).toContain("props.pageProps.account.googleAnalyticsId");
    expect(await pageRow(slug)).toBeNull();
  });

  it("without an account it creates the page as POST /pages does: a claim token, once; source HTML is shown as text", async () => {
    const slug = uniqueSlug("imp");
    const res = await importPage({ source: "linktree", content: linktreeJson, slug });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.claimToken).toMatch(/^mlc_/);
    expect(body.expiresAt).toEqual(expect.any(String));
    expect(body.page).toMatchObject({ slug, displayName: "Ada Lovelace", claimed: false });
    expect(body.dropped.length).toBeGreaterThan(5);
    expect(res.headers.get("location")).toBe(`/api/v1/pages/${slug}`);
    expect((await pageRow(slug)).owner_id).toBeNull();

    const html = await (await call("GET", `/${slug}`)).text();
    expect(html).toContain("&lt;b&gt;My playlist&lt;/b&gt;");
    expect(html).not.toContain("<b>My playlist</b>");
    expect(html).not.toMatch(/G-ABCDEF1234|javascript:alert/);
    // The claim token manages the imported page like any other.
    expect((await call("GET", `/api/v1/pages/${slug}`, { token: body.claimToken })).status).toBe(200);
  });

  it("signed in, the page is yours and no claim token is made", async () => {
    const user = await signIn();
    const slug = uniqueSlug("imp");
    const res = await importPage({ source: "linktree", content: linktreeJson, slug }, { headers: user.headers });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.claimToken).toBeUndefined();
    expect(body.page.claimed).toBe(true);
    expect((await pageRow(slug)).owner_id).toEqual(expect.any(String));
  });

  it("a MeLinks export imported again gives the same page under the new address", async () => {
    const start = await createPage({
      theme: { preset: "midnight", accent: "#ff8800", buttonStyle: "pill", font: "serif" },
      bio: "Line one\nLine two",
      links: [
        { title: "Site", url: "https://example.com" },
        { title: "Hidden", url: "https://example.com/hidden", enabled: false },
        { title: "Soon", url: "https://example.com/soon", startsAt: "2030-01-01T00:00:00Z", endsAt: "2030-02-01T00:00:00Z" },
      ],
    });
    const exported = await (await call("GET", `/api/v1/pages/${start.slug}/export`, { token: start.token })).text();
    const slug = uniqueSlug("copy");
    const res = await importPage({ source: "melinks", content: exported, slug });
    expect(res.status).toBe(201);
    const copy = (await json(res)).page;
    const same = (p: any) => ({ displayName: p.displayName, bio: p.bio, theme: p.theme, links: p.links.map(({ id: _id, ...l }: any) => l) });
    expect(same(copy)).toEqual(same(start.page));
  });

  it("an unreadable source is a 400 problem naming where, never a 500", async () => {
    const res = await importPage({ source: "linktree", content: "<html><p>no data here</p></html>", slug: uniqueSlug("imp") });
    const problem = await expectProblem(res, 400, "content");
    expect(problem.detail).toContain("__NEXT_DATA__");
    await expectProblem(await importPage({ source: "myspace", content: "{}", slug: uniqueSlug("imp") }), 400, "source");
    await expectProblem(await importPage({ source: "biodrop", content: "{}", slug: uniqueSlug("imp") }), 400, "displayName");
  });

  it("a taken address is 409, and the import counts as a create (same limit and checks)", async () => {
    const taken = await createPage();
    await expectProblem(await importPage({ source: "linktree", content: linktreeJson, slug: taken.slug }), 409);
    await expectProblem(await importPage({ source: "linktree", content: linktreeJson, slug: "dashboard" }), 400, "slug");
  });

  it("takes a saved page larger than other API bodies (up to 1 MiB of content)", async () => {
    const padded = linktreeHtml.replace("<body>", `<body><div hidden>${"x".repeat(600 * 1024)}</div>`);
    const res = await importPage({ source: "linktree", content: padded, slug: uniqueSlug("big"), dryRun: true });
    expect(res.status).toBe(200);
  });

  it("with an Idempotency-Key, a replayed import does not create twice and hides the claim token", async () => {
    const slug = uniqueSlug("imp");
    const headers = { "cf-connecting-ip": "203.0.113.77", "idempotency-key": `imp-${slug}` };
    const first = await json(await importPage({ source: "linktree", content: linktreeJson, slug }, { headers }));
    const again = await importPage({ source: "linktree", content: linktreeJson, slug }, { headers });
    expect(again.status).toBe(201);
    expect(await json(again)).toEqual({ ...first, claimToken: null, secretShownBefore: true });
  });
});
