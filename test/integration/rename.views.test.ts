// A rename carries the page's unflushed page views and its referrer-signing key (docs/rename.md):
// views buffered in the old DO are counted once at the new address, and links signed before the
// move still carry their referrer.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";

const stubOf = (slug: string) => env.LINK_PAGE.getByName(slug);

describe("rename and views", () => {
  it("buffered views move with the page and are flushed once, as views, not clicks", async () => {
    const { slug, token } = await createPage();
    const hourMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    await stubOf(slug).countViews([{ hourMs, n: 7 }]);
    const to = uniqueSlug("moved");
    const res = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { slug: to } });
    expect(res.status, await res.clone().text()).toBe(200);
    // Before the flush: the analytics read the new DO's buffer.
    const before = await json(await call("GET", `/api/v1/pages/${to}/analytics`, { token }));
    expect(before.totals.views).toBe(7);
    expect(before.totals.clicks).toBe(0);
    await runDurableObjectAlarm(stubOf(to));
    const after = await json(await call("GET", `/api/v1/pages/${to}/analytics`, { token }));
    expect(after.totals).toMatchObject({ views: 7, clicks: 0 });
    const pageId = before.pageId ?? (await env.DB.prepare("SELECT id FROM pages WHERE slug = ?").bind(to).first<{ id: string }>())!.id;
    const stray = await env.DB.prepare("SELECT COUNT(*) AS n FROM click_counts WHERE page_id = ? AND link_id = ''").bind(pageId).first<{ n: number }>();
    expect(stray!.n).toBe(0);
  });
});
