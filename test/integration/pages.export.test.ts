import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { proPageWithSignup } from "../helpers/pro-page";
import { signupConfirmed } from "../helpers/signup-mail";

describe("GET /api/v1/pages/{slug}/export", () => {
  it("returns everything held for the page — flushed and buffered clicks counted once — and no secret", async () => {
    const { slug, owner, page } = await proPageWithSignup();
    const linkId = page.links[0].id;
    // The referrer a view of the page signs onto its links (lib/referrer.ts).
    const viewed = await (await call("GET", `/${slug}`, { headers: { referer: "https://news.ycombinator.com/item?id=1" } })).text();
    const query = viewed.match(/href="\/[^"]+\/go\/[^"?]+(\?[^"]+)"/)![1]!.replaceAll("&amp;", "&");
    await click(slug, linkId, { headers: { "cf-ipcountry": "NZ" }, query });
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    await click(slug, linkId, { headers: { "cf-ipcountry": "NZ" }, query });
    await click(slug, linkId);
    await signupConfirmed(slug, "fan@example.com");
    await call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email: "waiting@example.com" }, headers: { "cf-connecting-ip": "192.0.2.1" } });
    const res = await call("GET", `/api/v1/pages/${slug}/export`, { headers: owner.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-export.json"`);
    const doc = await json(res);
    expect(doc.page).toMatchObject({ slug, displayName: "Pro Owner", emailSignup: { enabled: true }, plan: "pro", claimed: true });
    // Listed (confirmed) addresses only: one still waiting for its confirmation is not the owner's yet.
    expect(doc.subscribers).toEqual([{ email: "fan@example.com", createdAt: expect.any(String), confirmedAt: expect.any(String) }]);
    const total = doc.analytics.hourly.reduce((n: number, r: any) => n + r.clicks, 0);
    expect(total).toBe(3);
    expect(doc.analytics.hourly).toEqual(
      expect.arrayContaining([{ hour: expect.any(String), linkId, country: "NZ", referrer: "news.ycombinator.com", clicks: 2 }]),
    );
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/mlc_|mlk_|whsec_|token_hash|key_hash|waiting@example\.com/);
  });

  it("?format=html is a self-contained copy of the page with links straight to their URLs", async () => {
    const { slug, token } = await createPage({ links: [{ title: "Site", url: "https://example.com/x" }] });
    const res = await call("GET", `/api/v1/pages/${slug}/export?format=html`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${slug}.html"`);
    const html = await res.text();
    expect(html).toContain('href="https://example.com/x"');
    expect(html).not.toContain("/go/");
    expect(html).toMatch(/<style>/);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"/);
  });

  it("is for the owner only", async () => {
    const { slug } = await createPage();
    const other = await createPage();
    await expectProblem(await call("GET", `/api/v1/pages/${slug}/export`), 401);
    await expectProblem(await call("GET", `/api/v1/pages/${slug}/export`, { token: other.token }), 403);
  });
});

describe("pro analytics end to end", () => {
  it("a pro page viewed from Hacker News and clicked from NZ shows NZ and the domain; a free page stores neither", async () => {
    const { slug, owner, page } = await proPageWithSignup();
    const view = await call("GET", `/${slug}`, { headers: { referer: "https://news.ycombinator.com/item?id=1" } });
    const href = (await view.text()).match(/href="(\/[^"]+\/go\/[^"]+)"/)![1]!.replaceAll("&amp;", "&");
    const res = await call("GET", href, { headers: { "user-agent": "Mozilla/5.0 Firefox/130.0", "cf-ipcountry": "NZ" } });
    expect(res.status).toBe(302);
    const a = await json(await call("GET", `/api/v1/pages/${slug}/analytics`, { headers: owner.headers }));
    expect(a.countries).toEqual([{ country: "NZ", clicks: 1 }]);
    expect(a.referrers).toEqual([{ domain: "news.ycombinator.com", clicks: 1 }]);
    void page;

    const free = await createPage();
    const freeView = await call("GET", `/${free.slug}`, { headers: { referer: "https://news.ycombinator.com/item?id=1" } });
    const freeHref = (await freeView.text()).match(/href="(\/[^"]+\/go\/[^"]+)"/)![1]!;
    expect(freeHref).not.toContain("?r=");
    await call("GET", `${freeHref}?r=news.ycombinator.com`, { headers: { "user-agent": "Mozilla/5.0 Firefox/130.0", "cf-ipcountry": "NZ" } });
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(free.slug));
    const pageId = (await env.DB.prepare("SELECT id FROM pages WHERE slug = ?").bind(free.slug).first<any>()).id;
    const rows = (await env.DB.prepare("SELECT country, referrer, clicks FROM click_counts WHERE page_id = ?").bind(pageId).all()).results;
    expect(rows).toEqual([{ country: "", referrer: "", clicks: 1 }]);
    const fa = await json(await call("GET", `/api/v1/pages/${free.slug}/analytics`, { token: free.token }));
    expect(fa.countries).toBeUndefined();
    expect(fa.referrers).toBeUndefined();
  });
});
