// Page views (docs/analytics.md#views): which requests count, how they reach the page's DO in
// batches and D1 exactly once, CTR, and the CSV export. An analytics read first sends the views this
// isolate holds (actions/count-views.ts), so a read is the signal that every earlier view has arrived.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { makePro } from "../helpers/pro";
import { doRows, pageIdOf } from "../helpers/storage";
import { view } from "../helpers/view";

const analytics = (slug: string, token: string, query = "") => call("GET", `/api/v1/pages/${slug}/analytics${query}`, { token });
const views = async (slug: string, token: string) => (await json(await analytics(slug, token))).totals.views as number;
const setStatus = (slug: string, status: string) => call("PUT", `/api/v1/admin/pages/${slug}/status`, { token: "test-admin-token", body: { status } });

describe("page views: what counts", () => {
  it("counts a browser's GET answered with the page, from the DO or the isolate's cache alike", async () => {
    const { slug, token } = await createPage();
    expect((await view(slug)).status).toBe(200);
    expect((await view(slug)).status).toBe(200); // within 1 s: served from this isolate's copy, no DO call
    expect((await view(slug, { query: "?signup=subscribed" })).status).toBe(200);
    expect(await views(slug, token)).toBe(3);
  });

  it.each([
    ["a known bot", { ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" }],
    ["a link-preview fetcher", { ua: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" }],
    ["no user agent", { ua: "" }],
    ["HEAD", { method: "HEAD" }],
    ["Sec-Purpose: prefetch", { headers: { "sec-purpose": "prefetch" } }],
    ["Sec-Purpose: prefetch;prerender", { headers: { "sec-purpose": "prefetch;prerender" } }],
    ["Purpose: prefetch", { headers: { purpose: "prefetch" } }],
    ["X-Purpose: preview", { headers: { "x-purpose": "preview" } }],
    ["X-Moz: prefetch", { headers: { "x-moz": "prefetch" } }],
  ])("does not count %s", async (_name, opts) => {
    const { slug, token } = await createPage();
    expect((await view(slug, opts)).status).toBe(200);
    await view(slug); // one counted view after it: the read below has seen everything before
    expect(await views(slug, token)).toBe(1);
  });

  it("counts nothing for an unknown page, and leaves no storage behind", async () => {
    const slug = uniqueSlug("nobody");
    expect((await view(slug)).status).toBe(404);
    expect((await view(slug)).status).toBe(404);
    // Create the page under that slug now: it starts from zero views.
    const created = await createPage({ slug });
    await view(slug);
    expect(await views(slug, created.token)).toBe(1);
  });

  it("counts nothing while the operator has taken the page down (410)", async () => {
    const { slug, token } = await createPage();
    await view(slug);
    expect((await setStatus(slug, "suspended")).status).toBe(200);
    expect((await view(slug)).status).toBe(410);
    expect((await view(slug)).status).toBe(410);
    expect((await setStatus(slug, "active")).status).toBe(200);
    await view(slug);
    expect(await views(slug, token)).toBe(2);
  });
});

describe("page views: batches and the flush", () => {
  it("reaches the DO as a few batch rows, not a row per view", async () => {
    const { slug, token } = await createPage();
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => view(slug)));
    const elapsed = Date.now() - started;
    expect(await views(slug, token)).toBe(30);
    const rows = (await doRows(slug, "clicks")).filter((r) => (r.views as number) > 0);
    expect(rows.reduce((n, r) => n + (r.views as number), 0)).toBe(30);
    // One call per second at most from the timer, plus the one the analytics read makes.
    expect(rows.length).toBeLessThanOrEqual(Math.floor(elapsed / 1000) + 2);
    expect(rows.every((r) => r.link_id === "" && (r.at as number) % 3_600_000 === 0)).toBe(true);
  });

  it("moves views to D1 with the clicks, exactly once, and reports the same before and after", async () => {
    const { slug, token, page } = await createPage();
    for (let i = 0; i < 4; i++) await view(slug);
    await click(slug, page.links[0].id);
    const before = await json(await analytics(slug, token));
    expect(before.totals).toEqual({ clicks: 1, views: 4, ctr: 0.25 });
    const stub = env.LINK_PAGE.getByName(slug);
    await runDurableObjectAlarm(stub);
    await runDurableObjectAlarm(stub); // a second run finds nothing more to count
    expect(await doRows(slug, "clicks")).toEqual([]);
    const pageId = await pageIdOf(slug);
    const d1 = await env.DB.prepare("SELECT SUM(views) AS n FROM view_counts WHERE page_id = ?").bind(pageId).first<{ n: number }>();
    expect(d1!.n).toBe(4);
    const after = await json(await analytics(slug, token));
    expect(after.totals).toEqual(before.totals);
    expect(after.series).toEqual(before.series);
    await view(slug); // flushed and buffered together
    expect((await json(await analytics(slug, token))).totals).toEqual({ clicks: 1, views: 5, ctr: 0.2 });
    // The export carries them; deleting the page removes them.
    const exported = await json(await call("GET", `/api/v1/pages/${slug}/export`, { token }));
    expect(exported.analytics.hourlyViews.reduce((n: number, h: any) => n + h.views, 0)).toBe(5);
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM view_counts WHERE page_id = ?").bind(pageId).first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});

describe("click-through rate", () => {
  it("is clicks ÷ views in the range, per page and per link, and null with no views", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    await click(slug, a.id);
    let r = await json(await analytics(slug, token));
    expect(r.totals).toEqual({ clicks: 1, views: 0, ctr: null });
    expect(r.links.map((l: any) => l.ctr)).toEqual([null, null]);
    for (let i = 0; i < 3; i++) await view(slug);
    await click(slug, b.id);
    await click(slug, b.id);
    r = await json(await analytics(slug, token));
    expect(r.totals).toEqual({ clicks: 3, views: 3, ctr: 1 });
    expect(r.links).toEqual([
      { linkId: b.id, title: "B", clicks: 2, ctr: 0.6667 },
      { linkId: a.id, title: "A", clicks: 1, ctr: 0.3333 },
    ]);
    expect(r.series.reduce((n: number, p: any) => n + p.views, 0)).toBe(3);
    // A range before any of it: nothing, and no rate.
    const empty = await json(await analytics(slug, token, "?from=2020-01-01&to=2020-01-02"));
    expect(empty.totals).toEqual({ clicks: 0, views: 0, ctr: null });
  });
});

describe("analytics as CSV", () => {
  it("answers text/csv: per bucket a views row (empty link), then a row for every link, 0 included", async () => {
    const evil = '=HYPERLINK("https://evil.example","x")';
    const { slug, token, page } = await createPage({
      links: [{ title: evil, url: "https://a.example" }, { title: 'Quote "me", ok', url: "https://b.example" }, { title: "-2+3", url: "https://c.example" }],
    });
    const [a, b, c] = page.links;
    await view(slug);
    await view(slug);
    await click(slug, a.id);
    await click(slug, b.id);
    await click(slug, b.id);
    await click(slug, c.id);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug)); // some flushed…
    await view(slug); // …and some buffered
    await click(slug, a.id);
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
    const from = new Date(Date.parse(hour) - 3_600_000).toISOString();
    const to = new Date(Date.parse(hour) + 3_600_000).toISOString();
    const res = await analytics(slug, token, `?format=csv&granularity=hour&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-analytics.csv"`);
    const text = await res.text();
    expect(text.split("\r\n")).toEqual([
      "t,linkId,title,clicks",
      `${from},,,0`,
      `${from},${a.id},"'=HYPERLINK(""https://evil.example"",""x"")",0`,
      `${from},${b.id},"Quote ""me"", ok",0`,
      `${from},${c.id},'-2+3,0`,
      `${hour},,,3`,
      `${hour},${a.id},"'=HYPERLINK(""https://evil.example"",""x"")",2`,
      `${hour},${b.id},"Quote ""me"", ok",2`,
      `${hour},${c.id},'-2+3,1`,
      "",
    ]);
    // The JSON report of the same range agrees.
    const j = await json(await analytics(slug, token, `?granularity=hour&from=${from}&to=${to}`));
    expect(j.totals).toEqual({ clicks: 5, views: 3, ctr: 1.6667 });
  });

  it("is for the owner only", async () => {
    const { slug } = await createPage();
    const other = await createPage();
    expect((await call("GET", `/api/v1/pages/${slug}/analytics?format=csv`)).status).toBe(401);
    expect((await analytics(slug, other.token, "?format=csv")).status).toBe(403);
    expect((await analytics("no-such-page-x", other.token, "?format=csv")).status).toBe(404);
  });
});

describe("countries and referrers: unknown is one row, Free-era clicks are not recorded", () => {
  it("reports clicks made while the page was Free as not recorded, apart from Unknown and Direct", async () => {
    const { slug, token, page } = await createPage();
    const id = page.links[0].id;
    await click(slug, id, { headers: { "cf-ipcountry": "DE" } }); // Free: nothing but link and time
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug)); // one flushed…
    await click(slug, id); // …one buffered
    await makePro(slug);
    await click(slug, id, { headers: { "cf-ipcountry": "T1" } });
    await click(slug, id, { headers: { "cf-ipcountry": "XX" } });
    await click(slug, id); // no header
    await click(slug, id, { headers: { "cf-ipcountry": "DE" } });
    const r = await json(await analytics(slug, token));
    expect(r.countries).toEqual([
      { country: "XX", clicks: 3 },
      { country: null, clicks: 2, notRecorded: true },
      { country: "DE", clicks: 1 },
    ]);
    expect(r.referrers).toEqual([
      { domain: null, clicks: 4 },
      { domain: null, clicks: 2, notRecorded: true },
    ]);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    const flushed = await json(await analytics(slug, token));
    expect(flushed.countries).toEqual(r.countries);
    expect(flushed.referrers).toEqual(r.referrers);
  });
});
