import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { makePro } from "../helpers/pro";
import { makeUserFree, proPage } from "../helpers/pro-page";
import { readPageAndCounts, type RowAccess } from "../../src/db/range-counts";
import { sha256Hex } from "../../src/lib/crypto";
import { expectProblem } from "../helpers/problem";
import { doRows } from "../helpers/storage";
import { endHold } from "../helpers/released-slugs";

const analytics = (slug: string, token: string, query = "") => call("GET", `/api/v1/pages/${slug}/analytics${query}`, { token });

describe("GET /api/v1/pages/{slug}/analytics", () => {
  it("counts clicks at once (still buffered), and the same after the flush — never twice", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    await click(slug, a.id);
    await click(slug, a.id);
    await click(slug, b.id);
    const before = await json(await analytics(slug, token));
    expect(before.totals).toEqual({ clicks: 3, views: 0, ctr: null });
    expect(before.links).toEqual([
      { linkId: a.id, title: "A", clicks: 2, ctr: null },
      { linkId: b.id, title: "B", clicks: 1, ctr: null },
    ]);
    expect(before.granularity).toBe("day");
    expect(before.series.reduce((n: number, p: any) => n + p.clicks, 0)).toBe(3);
    expect(before.series.length).toBeGreaterThanOrEqual(30);
    expect(before.countries).toBeUndefined();
    expect(before.referrers).toBeUndefined();
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    expect(await doRows(slug, "clicks")).toEqual([]);
    const after = await json(await analytics(slug, token));
    expect(after.totals).toEqual({ clicks: 3, views: 0, ctr: null });
    expect(after.links).toEqual(before.links);
    expect(after.series).toEqual(before.series);
    await click(slug, b.id); // flushed + buffered together
    expect((await json(await analytics(slug, token))).totals).toEqual({ clicks: 4, views: 0, ctr: null });
  });

  it("accepts plain dates: from=D&to=D is the whole day D, in the time zone asked for", async () => {
    const { slug, token, page } = await createPage();
    await click(slug, page.links[0].id);
    const today = new Date().toISOString().slice(0, 10);
    const r = await json(await analytics(slug, token, `?from=${today}&to=${today}`));
    expect(r.totals.clicks).toBe(1);
    expect(r.from).toBe(`${today}T00:00:00.000Z`);
    expect(r.series).toHaveLength(1);
    // Auckland is UTC+13 in November: its 24 November runs from 11:00 UTC on the 23rd to 11:00 UTC on the 24th.
    const ak = await json(await analytics(slug, token, "?from=2026-11-24&to=2026-11-24&tz=Pacific/Auckland"));
    expect([ak.from, ak.to]).toEqual(["2026-11-23T11:00:00.000Z", "2026-11-24T11:00:00.000Z"]);
    await expectProblem(await analytics(slug, token, "?from=2026-13-01"), 400, "from");
    await expectProblem(await analytics(slug, token, "?from=2026-02-30"), 400, "from"); // no such day: refused, not rolled over
    await expectProblem(await analytics(slug, token, "?to=yesterday"), 400, "to");
  });

  it("accepts date-times that stop at the minute, as ISO 8601 allows, and still refuses a bare hour", async () => {
    const { slug, token } = await createPage();
    const r = await json(await analytics(slug, token, "?granularity=hour&from=2030-01-01T09:30%2B01:00&to=2030-01-01T12:00Z"));
    expect([r.from, r.to]).toEqual(["2030-01-01T08:00:00.000Z", "2030-01-01T12:00:00.000Z"]);
    expect(r.series).toHaveLength(4);
    await expectProblem(await analytics(slug, token, "?from=2030-01-01T09Z"), 400, "from");
    await expectProblem(await analytics(slug, token, "?to=2030-01-01T09:30"), 400, "to"); // no zone: ambiguous
  });

  it("buckets by hour and honours from/to", async () => {
    const { slug, token, page } = await createPage();
    await click(slug, page.links[0].id);
    const now = Date.now();
    const hourStart = new Date(Math.floor(now / 3_600_000) * 3_600_000);
    const from = new Date(hourStart.getTime() - 2 * 3_600_000).toISOString();
    const to = new Date(hourStart.getTime() + 3_600_000).toISOString();
    const res = await json(await analytics(slug, token, `?granularity=hour&from=${from}&to=${to}`));
    expect(res.series).toEqual([
      { t: from, clicks: 0, views: 0 },
      { t: new Date(hourStart.getTime() - 3_600_000).toISOString(), clicks: 0, views: 0 },
      { t: hourStart.toISOString(), clicks: 1, views: 0 },
    ]);
    const earlier = await json(await analytics(slug, token, `?granularity=hour&from=${from}&to=${hourStart.toISOString()}`));
    expect(earlier.totals.clicks).toBe(0);
  });

  it("groups days in the requested time zone", async () => {
    const { slug, token } = await createPage();
    const res = await json(await analytics(slug, token, "?from=2030-01-01T00:00:00Z&to=2030-01-03T00:00:00Z&tz=Asia/Tokyo"));
    expect(res.timeZone).toBe("Asia/Tokyo");
    // A zone written in other case is read, and answered, under its canonical name.
    const lower = await json(await analytics(slug, token, "?from=2030-01-01T00:00:00Z&to=2030-01-03T00:00:00Z&tz=asia/tokyo"));
    expect(lower.timeZone).toBe("Asia/Tokyo");
    expect(lower.series).toEqual(res.series);
    expect((await json(await analytics(slug, token, "?tz=utc"))).timeZone).toBe("UTC");
    // Tokyo is UTC+9: local days start at 15:00 UTC.
    expect(res.series.map((p: any) => p.t)).toEqual([
      "2029-12-31T15:00:00.000Z",
      "2030-01-01T15:00:00.000Z",
      "2030-01-02T15:00:00.000Z",
    ]);
  });

  it.each([
    ["?granularity=week", "granularity"],
    ["?from=yesterday", "from"],
    ["?tz=Mars/Olympus", "tz"],
    ["?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "from"],
    ["?granularity=hour&from=2030-01-01T00:00:00Z&to=2030-03-01T00:00:00Z", "from"],
  ])("refuses %s naming the field", async (query, field) => {
    const { slug, token } = await createPage();
    await expectProblem(await analytics(slug, token, query), 400, field);
  });

  it("reads the page's row and its counts in one D1 batch, and never mixes up a slug re-created as another page", async () => {
    // The isolate remembers which page a slug named (analytics/page-analytics.ts): after a delete and
    // a re-create under the same slug, the old page's remembered counts must not be served.
    // The new page has fewer flushed clicks than the old, so a stale snapshot would pass the
    // watermark check (analytics/snapshots.ts) and only the page id tells them apart.
    const first = await createPage();
    for (let i = 0; i < 3; i++) await click(first.slug, first.page.links[0].id);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(first.slug));
    expect((await json(await analytics(first.slug, first.token))).totals).toEqual({ clicks: 3, views: 0, ctr: null });
    expect((await call("DELETE", `/api/v1/pages/${first.slug}`, { token: first.token })).status).toBe(204);
    await endHold(first.slug); // a deleted page's slug is held for 30 days (docs/rename.md)
    const again = await createPage({ slug: first.slug });
    await click(first.slug, again.page.links[0].id);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(first.slug));
    const res = await json(await analytics(first.slug, again.token));
    expect(res.totals).toEqual({ clicks: 1, views: 0, ctr: null });
    expect(res.links.map((l: any) => l.linkId)).toEqual([again.page.links[0].id]);
    await expectProblem(await analytics(first.slug, first.token), 403); // the old claim token is no key to the new page
  });

  it("reads no counts for a caller without access, nor when the caller's snapshot is current (checks inside the D1 batch)", async () => {
    const { slug, token, page } = await createPage();
    await click(slug, page.links[0].id);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    const other = await createPage();
    const read = (access: RowAccess) => readPageAndCounts(env.DB, { slug, access }, 0, Math.ceil(Date.now() / 3_600_000) + 1, { dimensions: true, utcDays: false });
    const allowed = await read({ claimTokenHash: await sha256Hex(token) });
    expect(allowed.counts.byLink).toEqual([{ key: page.links[0].id, clicks: 1 }]);
    expect(allowed.counts.watermark).toBe(1);
    for (const access of [{ claimTokenHash: await sha256Hex(other.token) }, { ownerId: "usr_somebody" }]) {
      const refused = await read(access);
      expect(refused.row?.slug).toBe(slug); // the row still says who may (404 vs 403 is decided on it)
      expect(refused.counts).toEqual({ byLink: [], byHour: [], viewsByHour: [], byCountry: [], byReferrer: [], watermark: 0, shardWatermarks: {} });
    }
    await expectProblem(await analytics(slug, other.token), 403);
    // Holding a snapshot at D1's watermark, the batch reads no counts; one behind, it reads them all.
    const mine = { claimTokenHash: await sha256Hex(token) };
    const upTo = Math.ceil(Date.now() / 3_600_000) + 1;
    const held = await readPageAndCounts(env.DB, { slug, access: mine }, 0, upTo, { dimensions: false, unlessWatermark: 1 });
    expect(held.counts).toEqual({ byLink: [], byHour: [], viewsByHour: [], byCountry: [], byReferrer: [], watermark: 1, shardWatermarks: {} });
    const behind = await readPageAndCounts(env.DB, { slug, access: mine }, 0, upTo, { dimensions: false, unlessWatermark: 0 });
    expect(behind.counts.byLink).toEqual([{ key: page.links[0].id, clicks: 1 }]);
  });

  it("takes the span asked for, not the whole hours it widens to: exactly 400 days, or 400 calendar days across clock changes", async () => {
    const { slug, token } = await createPage();
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    expect((await analytics(slug, token, `?from=${ago(400)}`)).status).toBe(200);
    expect((await analytics(slug, token, `?from=${ago(31)}&granularity=hour`)).status).toBe(200);
    expect((await analytics(slug, token, "?from=2025-10-22&to=2026-11-25&tz=Europe/Paris")).status).toBe(200);
    const body = await expectProblem(await analytics(slug, token, `?from=${ago(401)}`), 400);
    expect(JSON.stringify(body)).toContain("at most 400 days");
  });

  it("is for the owner only", async () => {
    const { slug } = await createPage();
    const other = await createPage();
    await expectProblem(await call("GET", `/api/v1/pages/${slug}/analytics`), 401);
    await expectProblem(await analytics(slug, other.token), 403);
  });
});

describe("pro pages: country and referrer domain", () => {
  it("carries the external referrer's domain, signed, from page view to click, and reports countries and referrers", async () => {
    const { slug, token, page } = await createPage();
    await makePro(slug);
    const view = await call("GET", `/${slug}`, { headers: { referer: "https://news.ycombinator.com/item?id=1" } });
    const html = await view.text();
    const href = html.match(/href="(\/[^"]+\/go\/[^"]+)"/)![1]!.replaceAll("&amp;", "&");
    expect(href).toMatch(new RegExp(`^/${slug}/go/${page.links[0].id}\\?r=news\\.ycombinator\\.com&s=[A-Za-z0-9_-]{22}$`));
    const query = href.slice(href.indexOf("?"));
    await click(slug, page.links[0].id, { query, headers: { "cf-ipcountry": "FR" } });
    await click(slug, page.links[0].id, { headers: { "cf-ipcountry": "FR" } });
    await click(slug, page.links[0].id, { query: "?r=javascript:alert(1)" }); // not a host name → direct, unknown country
    const rows = await doRows(slug, "clicks");
    expect(rows.map((r) => [r.country, r.referrer])).toEqual([["FR", "news.ycombinator.com"], ["FR", ""], ["XX", ""]]);
    const res = await json(await analytics(slug, token));
    expect(res.countries).toEqual([{ country: "FR", clicks: 2 }, { country: "XX", clicks: 1 }]);
    expect(res.referrers).toEqual([{ domain: null, clicks: 2 }, { domain: "news.ycombinator.com", clicks: 1 }]);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    const flushed = await json(await analytics(slug, token));
    expect(flushed.countries).toEqual(res.countries);
    expect(flushed.referrers).toEqual(res.referrers);
  });

  it("counts a referrer nobody signed, signed for another domain or page, or stale, as direct", async () => {
    const { slug, page } = await createPage();
    await makePro(slug);
    const other = await createPage();
    await makePro(other.slug);
    const signedQuery = async (s: string, referer: string) => {
      const html = await (await call("GET", `/${s}`, { headers: { referer } })).text();
      const href = html.match(/href="(\/[^"]+\/go\/[^"]+)"/)![1]!.replaceAll("&amp;", "&");
      return href.slice(href.indexOf("?"));
    };
    const mine = await signedQuery(slug, "https://news.example/x");
    const sig = new URLSearchParams(mine).get("s")!;
    const theirs = await signedQuery(other.slug, "https://news.example/x"); // a valid signature, of another page
    const id = page.links[0].id;
    await click(slug, id, { query: "?r=forged.example" }); // today's attack: a bare ?r=
    await click(slug, id, { query: `?r=forged.example&s=${sig}` }); // a real signature, another domain
    await click(slug, id, { query: theirs });
    await click(slug, id, { query: `?r=news.example&s=${"A".repeat(22)}` });
    // Stale: signed more than 2 hours ago (the click's time is what the DO checks it against).
    const at = Date.now() + 2 * 3_600_000;
    await env.LINK_PAGE.getByName(slug).clicks([{ linkId: id, at, country: "XX", referrer: "news.example", referrerSig: sig }]);
    await click(slug, id, { query: mine }); // and the page's own, fresh: kept
    const rows = await doRows(slug, "clicks");
    expect(rows.map((r) => r.referrer)).toEqual(["", "", "", "", "", "news.example"]);
  });

  it("treats same-site and missing referrers as direct", async () => {
    const { slug } = await createPage();
    await makePro(slug);
    for (const referer of [`http://localhost/${slug}`, undefined, "not a url", "https://192.168.1.1/x"]) {
      const html = await (await call("GET", `/${slug}`, { headers: referer ? { referer } : {} })).text();
      expect(html, String(referer)).not.toContain("?r=");
    }
  });

  it("reports countries of flushed clicks on the first ask, and follows the plan when it changes between asks", async () => {
    // The owner's plan is read with the row, in the same batch as the counts; a page not seen before
    // is read as free first, then again with countries once the row says pro.
    const { slug, page, owner } = await proPage();
    await click(slug, page.links[0].id, { headers: { "cf-ipcountry": "JP" } });
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    const ask = async () => json(await call("GET", `/api/v1/pages/${slug}/analytics`, { headers: owner.headers }));
    expect((await ask()).countries).toEqual([{ country: "JP", clicks: 1 }]);
    expect((await ask()).countries).toEqual([{ country: "JP", clicks: 1 }]); // asked again: remembered
    await makeUserFree(owner.email);
    const free = await ask();
    expect(free.countries).toBeUndefined();
    expect(free.totals).toEqual({ clicks: 1, views: 0, ctr: null });
  });

  it("free pages never carry a referrer", async () => {
    const { slug } = await createPage();
    const html = await (await call("GET", `/${slug}`, { headers: { referer: "https://news.example/" } })).text();
    expect(html).not.toContain("?r=");
  });
});
