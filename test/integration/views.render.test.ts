// Page views riding on the render call a request makes anyway (actions/count-views.ts,
// docs/performance.md#page-views): a cold page's view reaches its DO with the render, views served
// from the isolate's copy go with the next render of the page, and nothing is counted twice. A
// views-only buffer flushes later than a click (link-page/flush-timing.ts).
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { doRows, pageIdOf } from "../helpers/storage";
import { view } from "../helpers/view";
import { flushIntervalMs, VIEWS_FLUSH_INTERVALS } from "../../src/link-page/flush-timing";

/** Views the page's DO holds in its buffer right now (no analytics read, which would send this isolate's views first). */
const bufferedViews = async (slug: string) => (await doRows(slug, "clicks")).reduce((n, r) => n + (r.views as number), 0);
const analyticsViews = async (slug: string, token: string) => (await json(await call("GET", `/api/v1/pages/${slug}/analytics`, { token }))).totals.views as number;
const alarmOf = (slug: string) => runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) => state.storage.getAlarm());

describe("page views ride on render calls", () => {
  it("a page rendered for its visitor has that view in its DO when the response arrives", async () => {
    const { slug, token } = await createPage();
    expect((await view(slug)).status).toBe(200);
    expect(await bufferedViews(slug)).toBe(1); // no timer, no countViews call: the render carried it
    expect(await analyticsViews(slug, token)).toBe(1);
  });

  it("views answered from the isolate's copy go with the page's next render call, once", async () => {
    const { slug, token } = await createPage();
    await view(slug); // renders: carries its own view
    await view(slug); // this isolate's copy: held in memory
    await view(slug); // the same
    expect((await view(slug, { query: "?signup=subscribed" })).status).toBe(200); // another copy: a render call, carrying the two held views and its own
    expect(await bufferedViews(slug)).toBe(4);
    expect(await analyticsViews(slug, token)).toBe(4);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    const d1 = await env.DB.prepare("SELECT SUM(views) AS n FROM view_counts WHERE page_id = ?").bind(await pageIdOf(slug)).first<{ n: number }>();
    expect(d1!.n).toBe(4);
    expect(await analyticsViews(slug, token)).toBe(4);
  });

  it("the render of a page taken down does not count the request's own view", async () => {
    const { slug, token } = await createPage();
    expect((await call("PUT", `/api/v1/admin/pages/${slug}/status`, { token: "test-admin-token", body: { status: "suspended" } })).status).toBe(200);
    expect((await view(slug)).status).toBe(410);
    expect(await bufferedViews(slug)).toBe(0);
    expect((await call("PUT", `/api/v1/admin/pages/${slug}/status`, { token: "test-admin-token", body: { status: "active" } })).status).toBe(200);
    await view(slug);
    expect(await analyticsViews(slug, token)).toBe(1);
  });

  it("a buffer of views alone is flushed later than a click, and a click brings the flush forward", async () => {
    const { slug, page } = await createPage();
    const interval = flushIntervalMs(env.FLUSH_INTERVAL_SECONDS);
    const before = Date.now();
    await view(slug);
    const viewsDue = await alarmOf(slug);
    expect(viewsDue).toBeGreaterThanOrEqual(before + interval * VIEWS_FLUSH_INTERVALS);
    await click(slug, page.links[0].id);
    const clickDue = await alarmOf(slug);
    expect(clickDue).toBeLessThanOrEqual(Date.now() + interval);
    expect(clickDue).toBeLessThan(viewsDue!);
  });
});
