// Socials, link icons, headers, featured and sensitive links, and the public page fixes that go with
// them (docs/pages.md), through the real Worker → DO → storage path.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/link-page/sqlite-schema";
import { readPage } from "../../src/link-page/store";
import { call, json } from "../helpers/api";
import { BROWSER_UA, click } from "../helpers/click";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { doRows } from "../helpers/storage";
import { expectProblem } from "../helpers/problem";
import { jpeg } from "../helpers/images";
import { EXAMPLES } from "../helpers/platform-examples";
import { ICON_PATHS } from "../../src/link-page/icon-paths";
import type { PlatformId } from "../../src/schemas/platforms";

const SOCIALS = [
  "https://www.instagram.com/ada/",
  "https://social.example/@ada",
  "https://github.com/ada",
  "https://www.youtube.com/@ada",
  "https://www.tiktok.com/@ada",
  "https://open.spotify.com/artist/0abc",
];

const clicksOf = async (slug: string) => (await doRows(slug, "clicks")).map((r) => r.link_id);

describe("social icons", () => {
  it("derives each platform from the URL, renders accessible icon links counted through /go/, and puts each URL in rel=me", async () => {
    const { slug, page } = await createPage({ socials: SOCIALS.map((url) => ({ url })) });
    expect(page.socials.map((s: { platform: string }) => s.platform)).toEqual(["instagram", "fediverse", "github", "youtube", "tiktok", "spotify"]);
    expect(page.socialsPosition).toBe("top");
    const html = await (await call("GET", `/${slug}`)).text();
    const head = html.slice(0, html.indexOf("</head>"));
    // The head holds each social's own URL exactly, so Mastodon-style verification finds it.
    expect([...head.matchAll(/<link rel="me" href="([^"]+)"\/>/g)].map((m) => m[1])).toEqual(page.socials.map((s: { url: string }) => s.url));
    for (const s of page.socials) {
      expect(html).toMatch(new RegExp(`<a href="/${slug}/go/${s.id}" rel="me" aria-label="[^"]+"><svg class="i"`));
    }
    expect(html).toContain('aria-label="Instagram"');
    expect(html).toContain('aria-label="Fediverse"');
    // Each icon is defined once, whatever uses it.
    expect(html.match(/<symbol id="i-github"/g)).toHaveLength(1);

    const res = await click(slug, page.socials[2].id);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://github.com/ada");
    expect(await clicksOf(slug)).toEqual([page.socials[2].id]);
  });

  it("keeps ids on PATCH, moves the row to the bottom, refuses unknown sites and more than 20", async () => {
    const { slug, token, page } = await createPage({ socials: [{ url: "https://github.com/ada" }] });
    const res = await call("PATCH", `/api/v1/pages/${slug}`, {
      token,
      body: { socials: [{ url: "https://bsky.app/profile/ada.bsky.social" }, { id: page.socials[0].id, url: "https://github.com/ada-l" }], socialsPosition: "bottom" },
    });
    expect(res.status).toBe(200);
    const after = await json(res);
    expect(after.socials[1]).toEqual({ id: page.socials[0].id, url: "https://github.com/ada-l", platform: "github" });
    expect(after.socialsPosition).toBe("bottom");
    const html = await (await call("GET", `/${slug}`)).text();
    expect(html.indexOf('class="so"')).toBeGreaterThan(html.indexOf("</nav>"));

    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { socials: [{ url: "https://example.com/me" }] } }), 400, "socials.0.url");
    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { socials: [{ url: "https://github.com/a", platform: "x" }] } }), 400);
    const many = Array.from({ length: 21 }, (_, i) => ({ url: `https://github.com/u${i}` }));
    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { socials: many } }), 400, "socials");
  });
});

describe("link icons, headers and featured links", () => {
  it("draws the platform's icon for auto, none for none, the chosen one otherwise; headers are <h2> and never redirect", async () => {
    const { slug, page } = await createPage({
      links: [
        { type: "header", title: "My music" },
        { title: "On GitHub", url: "https://github.com/ada" },
        { title: "Plain", url: "https://github.com/ada/x", icon: "none" },
        { title: "Chosen", url: "https://example.com/discord", icon: "discord", featured: true },
        { title: "Unknown site", url: "https://example.com/" },
      ],
    });
    expect(page.links[0]).toMatchObject({ type: "header", title: "My music", url: "" });
    const html = await (await call("GET", `/${slug}`)).text();
    expect(html).toContain('<h2 class="hd" dir="auto">My music</h2>');
    const anchor = (title: string) => html.match(new RegExp(`<a class="([^"]+)"[^>]*>(?:<svg class="i"[^>]*><use href="#([a-z-]+)"(?:/>|></use>)</svg>)?${title}</a>`));
    expect(anchor("On GitHub")?.slice(1)).toEqual(["btn ic", "i-github"]);
    expect(anchor("Plain")?.slice(1)).toEqual(["btn", undefined]);
    expect(anchor("Chosen")?.slice(1)).toEqual(["btn ic feat", "i-discord"]);
    expect(anchor("Unknown site")?.slice(1)).toEqual(["btn", undefined]);
    expect((await click(slug, page.links[0].id)).status).toBe(404);
    expect(await clicksOf(slug)).toEqual([]);
  });

  it("refuses a link without URL and a header with one", async () => {
    const res = await call("POST", "/api/v1/pages", {
      body: { slug: uniqueSlug(), displayName: "X", links: [{ title: "No URL" }, { type: "header", title: "H", url: "https://example.com" }] },
    });
    const problem = await expectProblem(res, 400);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(["links.0.url", "links.1.url"]);
  });
});

describe("sensitive links", () => {
  it("shows a notice (not counted, no cookie), counts the visitor's POST to continue, never a bot's or a HEAD", async () => {
    const { slug, page } = await createPage({ links: [{ title: "After dark", url: "https://example.com/adult", sensitive: true }] });
    const id = page.links[0].id;
    const notice = await click(slug, id);
    expect(notice.status).toBe(200);
    expect(notice.headers.get("set-cookie")).toBeNull();
    expect(notice.headers.get("cache-control")).toBe("no-store");
    const body = await notice.text();
    expect(body).toContain("may be for adults only");
    expect(body).toContain(`<form method="post" action="/${slug}/go/${id}">`);
    expect(body).not.toContain("https://example.com/adult"); // revealed only by continuing
    expect(await clicksOf(slug)).toEqual([]);

    expect((await click(slug, id, { method: "HEAD" })).status).toBe(200);
    const bot = await click(slug, id, { method: "POST", ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" });
    expect(bot.status).toBe(303);
    expect(await clicksOf(slug)).toEqual([]);

    const go = await click(slug, id, { method: "POST" });
    expect(go.status).toBe(303);
    expect(go.headers.get("location")).toBe("https://example.com/adult");
    expect(go.headers.get("set-cookie")).toBeNull();
    expect(await clicksOf(slug)).toEqual([id]);
  });

  it("a POST never skips a link's checks: an ordinary link's POST counts like a click, a hidden one's is 404", async () => {
    const { slug, page } = await createPage({ links: [{ title: "A", url: "https://example.com/a" }, { title: "Off", url: "https://example.com/b", enabled: false }] });
    expect((await click(slug, page.links[0].id, { method: "POST" })).headers.get("location")).toBe("https://example.com/a");
    expect((await click(slug, page.links[1].id, { method: "POST" })).status).toBe(404);
    expect(await clicksOf(slug)).toEqual([page.links[0].id]);
  });
});

describe("public page fixes", () => {
  it("serves /{slug}/ (trailing slash) as the page", async () => {
    const { slug } = await createPage();
    const res = await call("GET", `/${slug}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<h1 dir=\"auto\">Ada Lovelace</h1>");
  });

  it("marks names, bios and titles dir=auto so right-to-left text reads right to left", async () => {
    const { slug } = await createPage({ displayName: "مريم", bio: "مرحبا", links: [{ title: "موقعي", url: "https://example.com" }] });
    const html = await (await call("GET", `/${slug}`)).text();
    expect(html).toContain('<h1 dir="auto">مريم</h1>');
    expect(html).toContain('<p class="bio" dir="auto">مرحبا</p>');
    expect(html).toMatch(/dir="auto">موقعي<\/a>/);
  });

  it("percent-encodes tel: and mailto: targets in Location and completes a bare domain", async () => {
    const { slug, page } = await createPage({
      links: [
        { title: "Call", url: "tel:+1 555 0100" },
        { title: "Mail", url: "mailto:ada@example.com?subject=Hello there&body=Café" },
        { title: "Web", url: "www.example.com" },
      ],
    });
    expect(page.links[2].url).toBe("https://www.example.com/");
    const locations = [];
    for (const l of page.links) locations.push((await click(slug, l.id)).headers.get("location"));
    expect(locations).toEqual([
      "tel:+1%20555%200100",
      "mailto:ada@example.com?subject=Hello%20there&body=Caf%C3%A9",
      "https://www.example.com/",
    ]);
  });
});

describe("storage of the new fields", () => {
  it("a page stored before they existed reads back with the defaults after the DO's schema upgrade", async () => {
    const slug = uniqueSlug("old");
    const page = await runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) => {
      const sql = state.storage.sql;
      // The v3 schema, as a DO created before this change holds it.
      sql.exec("CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      sql.exec(`CREATE TABLE page (id INTEGER PRIMARY KEY CHECK (id = 1), page_id TEXT NOT NULL, slug TEXT NOT NULL, display_name TEXT NOT NULL,
        bio TEXT NOT NULL, theme TEXT NOT NULL, email_signup TEXT NOT NULL, plan TEXT NOT NULL, claimed INTEGER NOT NULL, version INTEGER NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active')`);
      sql.exec("CREATE TABLE links (id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT NOT NULL, url TEXT NOT NULL, enabled INTEGER NOT NULL, starts_at TEXT, ends_at TEXT)");
      sql.exec("CREATE TABLE clicks (seq INTEGER PRIMARY KEY AUTOINCREMENT, link_id TEXT NOT NULL, at INTEGER NOT NULL, country TEXT NOT NULL DEFAULT '', referrer TEXT NOT NULL DEFAULT '')");
      sql.exec("CREATE TABLE link_totals (link_id TEXT PRIMARY KEY, total INTEGER NOT NULL)");
      sql.exec("INSERT INTO _meta VALUES ('schema_version', '3')");
      sql.exec(`INSERT INTO page VALUES (1, 'pg_old', ?, 'Old', '', '{"preset":"classic"}', '{"enabled":false}', 'free', 0, 1, 't', 't', 'active')`, slug);
      sql.exec("INSERT INTO links VALUES ('ln_old', 0, 'Old link', 'https://github.com/old', 1, NULL, NULL)");
      migrate(state.storage);
      return readPage(sql);
    });
    expect(page).toMatchObject({ socials: [], socialsPosition: "top", avatar: null });
    expect(page!.links).toEqual([{ id: "ln_old", type: "link", title: "Old link", url: "https://github.com/old", enabled: true, featured: false, icon: "auto", sensitive: false }]);
  });
});

describe("page weight", () => {
  it("the heaviest page the budget covers — a photo, 10 links and 6 socials on the 16 platforms with the largest icons — is ≤ 16 KB of HTML, CSS included", async () => {
    // docs/pages.md#page-weight: every distinct icon travels once, inline, so the worst case is 16 different ones, the biggest.
    const heaviest = (Object.keys(EXAMPLES) as PlatformId[]).sort((a, b) => ICON_PATHS[b].path.length - ICON_PATHS[a].path.length).slice(0, 16);
    const p = await createPage({
      displayName: "Ada Lovelace-Byron, Countess of Lovelace",
      bio: "Designer and developer. I write about type, accessible interfaces and slow ceramics; new pieces every month, shop below.",
      links: heaviest.slice(0, 10).map((platform, i) => ({ title: `My ${platform} — the link number ${i + 1}`, url: EXAMPLES[platform][0] })),
      socials: heaviest.slice(10).map((platform) => ({ url: EXAMPLES[platform][0] })),
    });
    await call("PUT", `/api/v1/pages/${p.slug}/avatar`, { token: p.token, rawBody: jpeg(200, 200), headers: { "content-type": "image/jpeg" } });
    const html = await (await call("GET", `/${p.slug}`, { headers: { "user-agent": BROWSER_UA } })).text();
    expect(new Set([...html.matchAll(/<use href="#i-(\w+)"/g)].map((m) => m[1])).size).toBe(16);
    expect(html).toContain('<img class="avatar"');
    expect(new TextEncoder().encode(html).length).toBeLessThanOrEqual(16 * 1024);
  });
});
