// Page views gather in the isolate and go to the page's DO once per VIEW_BATCH_MS, on a render call
// made once they are due or on their own call (actions/count-views.ts, docs/performance.md#page-views;
// the due rule is unit-tested with a clock in test/unit/count-views.test.ts). Nothing is counted
// twice, and a views-only buffer flushes later than a click (link-page/flush-runner.ts).
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { doRows, pageIdOf } from "../helpers/storage";
import { view } from "../helpers/view";
import { flushIntervalMs, VIEWS_FLUSH_INTERVALS } from "../../src/link-page/flush-runner";

/** Views the page's DO holds in its buffer right now (no analytics read, which would send this isolate's views first). */
const bufferedViews = async (slug: string) => (await doRows(slug, "clicks")).reduce((n, r) => n + (r.views as number), 0);
const analyticsViews = async (slug: string, token: string) => (await json(await call("GET", `/api/v1/pages/${slug}/analytics`, { token }))).totals.views as number;
const alarmOf = (slug: string) => runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) => state.storage.getAlarm());

describe("page views gather in the isolate, then ride on a call", () => {
  it("a view waits in the isolate (no DO write per view); an analytics read sends this isolate's views first", async () => {
    const { slug, token } = await createPage();
    expect((await view(slug)).status).toBe(200);
    expect(await bufferedViews(slug)).toBe(0); // held in this isolate for up to VIEW_BATCH_MS
    expect(await analyticsViews(slug, token)).toBe(1);
    expect(await bufferedViews(slug)).toBe(1); // the read sent it: now in the DO's buffer, once
  });

  it("views of a rendered page and of the isolate's copy are counted once each, and reach D1 once", async () => {
    const { slug, token } = await createPage();
    await view(slug); // renders
    await view(slug); // this isolate's copy
    await view(slug); // the same
    expect((await view(slug, { query: "?signup=subscribed" })).status).toBe(200); // another copy: its own render
    expect(await analyticsViews(slug, token)).toBe(4);
    expect(await bufferedViews(slug)).toBe(4);
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
    const { slug, page, token } = await createPage();
    const interval = flushIntervalMs(env.FLUSH_INTERVAL_SECONDS);
    const before = Date.now();
    await view(slug);
    await analyticsViews(slug, token); // sends the view to the DO, which buffers it
    const viewsDue = await alarmOf(slug);
    expect(viewsDue).toBeGreaterThanOrEqual(before + interval * VIEWS_FLUSH_INTERVALS);
    await click(slug, page.links[0].id);
    const clickDue = await alarmOf(slug);
    expect(clickDue).toBeLessThanOrEqual(Date.now() + interval);
    expect(clickDue).toBeLessThan(viewsDue!);
  });
});
