import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { d1Clicks, doRows, pageIdOf } from "../helpers/storage";

describe("GET /{slug}/go/{linkId} counts the click", () => {
  it("stores the click in the DO before answering 302, with link id and time only on a free page", async () => {
    const { slug, page } = await createPage();
    const before = Date.now();
    const res = await click(slug, page.links[0].id, {
      headers: { "cf-ipcountry": "DE", "cf-connecting-ip": "203.0.113.9", "x-forwarded-for": "203.0.113.9", referer: "https://news.example/item?id=1" },
      query: "?r=news.example",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toBeNull();
    const rows = await doRows(slug, "clicks");
    expect(rows).toEqual([{ seq: expect.any(Number), link_id: page.links[0].id, at: expect.any(Number), country: "", referrer: "", views: 0 }]);
    expect(rows[0]!.at as number).toBeGreaterThanOrEqual(before);
    const everything = JSON.stringify(await Promise.all(["clicks", "link_totals", "page", "links", "_meta"].map((t) => doRows(slug, t))));
    for (const secret of ["203.0.113.9", "Mozilla", "news.example", "item?id=1"]) expect(everything).not.toContain(secret);
    // The country as a value of its own: random ids (pg_EDE2…) may hold the letters "DE".
    expect(everything).not.toMatch(/(^|[^A-Za-z0-9_-])DE($|[^A-Za-z0-9_-])/);
  });

  it.each([
    ["Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"],
    ["facebookexternalhit", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"],
    ["Slackbot-LinkExpanding", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"],
    ["Twitterbot", "Twitterbot/1.0"],
    ["curl", "curl/8.5.0"],
    ["wget", "Wget/1.21.4"],
    ["an empty user agent", ""],
  ])("does not count %s, but still redirects", async (_name, ua) => {
    const { slug, page } = await createPage();
    const res = await click(slug, page.links[0].id, { ua });
    expect(res.status).toBe(302);
    expect(await doRows(slug, "clicks")).toEqual([]);
  });

  it("does not count HEAD", async () => {
    const { slug, page } = await createPage();
    const res = await click(slug, page.links[0].id, { method: "HEAD" });
    expect(res.status).toBe(302);
    expect(await doRows(slug, "clicks")).toEqual([]);
  });

  it("does not count unknown, disabled or out-of-schedule links", async () => {
    const { slug, page } = await createPage({
      links: [
        { title: "Off", url: "https://b.example", enabled: false },
        { title: "Later", url: "https://c.example", startsAt: new Date(Date.now() + 3_600_000).toISOString() },
      ],
    });
    for (const l of page.links) expect((await click(slug, l.id)).status).toBe(404);
    expect((await click(slug, "ln_nope")).status).toBe(404);
    expect(await doRows(slug, "clicks")).toEqual([]);
  });

  it("arms a flush alarm, and the alarm moves buffered clicks to D1 as hourly aggregates", async () => {
    const { slug, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    for (let i = 0; i < 3; i++) await click(slug, a.id);
    await click(slug, b.id);
    const stub = env.LINK_PAGE.getByName(slug);
    const alarm = await runInDurableObject(stub, (_i, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now());
    expect(alarm).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await doRows(slug, "clicks")).toEqual([]);
    const pageId = await pageIdOf(slug);
    const rows = await env.DB.prepare("SELECT link_id, hour, country, referrer, clicks FROM click_counts WHERE page_id = ? ORDER BY link_id").bind(pageId).all();
    const hour = Math.floor(Date.now() / 3_600_000);
    expect(rows.results).toEqual(
      [
        { link_id: a.id, hour: expect.any(Number), country: "", referrer: "", clicks: 3 },
        { link_id: b.id, hour: expect.any(Number), country: "", referrer: "", clicks: 1 },
      ].sort((x, y) => (x.link_id < y.link_id ? -1 : 1)),
    );
    expect(Math.abs((rows.results[0] as any).hour - hour)).toBeLessThanOrEqual(1);
    // Nothing left to do: no alarm re-armed, and running the alarm again changes nothing.
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
    expect(await d1Clicks(pageId)).toBe(4);
  });

  it("deleting a page removes its click buffer, alarm and D1 aggregates", async () => {
    const { slug, token, page } = await createPage();
    const pageId = await pageIdOf(slug);
    await click(slug, page.links[0].id);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    await click(slug, page.links[0].id);
    expect(await d1Clicks(pageId)).toBe(1);
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    expect(await d1Clicks(pageId)).toBe(0);
    expect(await env.DB.prepare("SELECT 1 FROM click_flushes WHERE page_id = ?").bind(pageId).first()).toBeNull();
    const stub = env.LINK_PAGE.getByName(slug);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
    expect(await runInDurableObject(stub, (_i, s) => s.storage.sql.exec("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '\\_cf%' ESCAPE '\\'").toArray())).toEqual([]);
  });
});
