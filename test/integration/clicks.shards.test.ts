// Click shards for hot pages (docs/performance.md#click-shards-built): the page DO turns them on by its
// click rate, routers spread clicks over `<slug>#0..7`, each shard counts durably, flushes to D1 with
// its own watermark, reports totals for live counts, and follows edits, deletion and renames.
// Everything real (router, DOs, D1); shard flushes are driven with runDurableObjectAlarm.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SHARD_COUNT, SHARD_ON_CLICKS, SHARD_QUIET_WINDOWS, SHARD_WINDOW_MS } from "../../src/lib/click-capacity";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { isInjectedFault } from "../helpers/faulty-d1";
import { openLive } from "../helpers/live";
import { proPage } from "../helpers/pro-page";
import { fakeEndpoint } from "../helpers/webhook-fake";
import { d1Clicks, doRows, pageIdOf } from "../helpers/storage";
import { linkTotals } from "../../src/link-page/clicks";
import { heatUp, installShardFaultyD1, shardNames, shardRows, shardStub } from "../helpers/shards";

const analyticsTotal = async (slug: string, token: string) => (await json(await call("GET", `/api/v1/pages/${slug}/analytics`, { token }))).totals.clicks as number;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function clicks(slug: string, linkId: string, n: number, wave = 50): Promise<void> {
  for (let sent = 0; sent < n; sent += wave) {
    const answers = await Promise.all(Array.from({ length: Math.min(wave, n - sent) }, () => click(slug, linkId)));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 302));
  }
}

const buffered = async (slug: string) => {
  const out: Record<string, number> = {};
  for (const name of shardNames(slug)) out[name] = (await shardRows(name, "clicks")).length;
  return out;
};

/**
 * Click until at least `want` shards hold clicks: a router isolate turns to the next shard every
 * SHARD_TURN_MS (click-shard/routing.ts), so this is a matter of clicking long enough. Answers how many were sent.
 */
async function spreadOver(slug: string, linkId: string, want: number): Promise<number> {
  let sent = 0;
  while (Object.values(await buffered(slug)).filter((n) => n > 0).length < want) {
    await clicks(slug, linkId, 20, 20);
    sent += 20;
  }
  return sent;
}

async function flushAll(slug: string): Promise<void> {
  for (const name of shardNames(slug)) await runDurableObjectAlarm(shardStub(name));
  await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
}

/** A hot page whose routers already send to shards (the first router click learns it from the page DO). */
async function hotPage() {
  const created = await createPage({ links: [{ title: "A", url: "https://a.example/" }, { title: "B", url: "https://b.example/" }] });
  const [a, b] = created.page.links as { id: string; url: string }[];
  expect(await heatUp(created.slug, a!.id)).toBe(SHARD_COUNT);
  expect((await click(created.slug, b!.id)).status).toBe(302); // to the page DO, whose answer says "shards"
  return { ...created, a: a!, b: b!, pageId: await pageIdOf(created.slug) };
}

describe("click shards", () => {
  it("spread over every shard in turn, counted exactly: analytics include unflushed shard clicks, D1 gets each click once", async () => {
    const { slug, token, a, b, pageId } = await hotPage();
    const sent = await spreadOver(slug, a.id, SHARD_COUNT); // the one router isolate turns through all of them
    const perShard = await buffered(slug);
    expect(Object.values(perShard).reduce((x, y) => x + y, 0)).toBe(sent);
    const onPage = SHARD_ON_CLICKS + 1;
    expect(await analyticsTotal(slug, token)).toBe(onPage + sent);
    // The CSV report and the data export merge the shards' buffers too.
    const csv = await (await call("GET", `/api/v1/pages/${slug}/analytics?format=csv`, { token })).text();
    const csvClicks = csv.trim().split("\r\n").slice(1).reduce((n, line) => n + (Number(line.split(",")[3]) || 0), 0);
    expect(csvClicks).toBe(onPage + sent);
    const exported = await json(await call("GET", `/api/v1/pages/${slug}/export`, { token }));
    expect(exported.analytics.hourly.reduce((n: number, h: { clicks: number }) => n + h.clicks, 0)).toBe(onPage + sent);
    await flushAll(slug);
    expect(await buffered(slug)).toEqual(Object.fromEntries(shardNames(slug).map((n) => [n, 0])));
    expect(await d1Clicks(pageId)).toBe(onPage + sent);
    expect(await analyticsTotal(slug, token)).toBe(onPage + sent);
    // Each shard's watermark in D1 is exactly what it held: its own sequence, flushed once.
    const { results } = await env.DB.prepare("SELECT shard, seq FROM click_shard_flushes WHERE page_id = ? ORDER BY shard").bind(pageId).all();
    expect(results).toEqual(shardNames(slug).sort().map((shard) => ({ shard, seq: perShard[shard] })));
    void b;
  });

  it("a D1 failure before and after commit of a shard flush, and a shard aborted mid-flush: every click counted once", async () => {
    const { slug, a, pageId } = await hotPage();
    const sent = await spreadOver(slug, a.id, 3);
    const [s0, s1, s2] = Object.entries(await buffered(slug)).filter(([, n]) => n > 0).map(([name]) => name);
    const f0 = await installShardFaultyD1(s0!);
    f0.fail("before");
    expect(isInjectedFault(await runDurableObjectAlarm(shardStub(s0!)).catch((e: unknown) => e), "before")).toBe(true);
    const f1 = await installShardFaultyD1(s1!);
    f1.fail("after");
    expect(isInjectedFault(await runDurableObjectAlarm(shardStub(s1!)).catch((e: unknown) => e), "after")).toBe(true);
    expect(f1.committed).toBe(1); // D1 has s1's clicks; s1 does not know it yet
    // s2 aborted while its flush waits on D1: the batch then commits or not, its instance is gone either way.
    const f2 = await installShardFaultyD1(s2!);
    f2.pauseNext();
    const held = runDurableObjectAlarm(shardStub(s2!)).catch(() => {});
    await f2.untilHolding();
    const aborted = await runInDurableObject(shardStub(s2!), (_i, st) => st.abort("simulated crash")).catch((e: unknown) => e);
    expect(String(aborted)).toContain("simulated crash");
    f2.release();
    await held;
    await flushAll(slug);
    await flushAll(slug);
    expect(await d1Clicks(pageId)).toBe(SHARD_ON_CLICKS + 1 + sent);
    expect(Object.values(await buffered(slug)).every((n) => n === 0)).toBe(true);
  });

  it("an edit that disables a link: once the PATCH has returned, no shard redirects to it", async () => {
    const { slug, token, a, b } = await hotPage();
    await spreadOver(slug, a.id, SHARD_COUNT); // every shard now holds a copy of the page
    const patch = await call("PATCH", `/api/v1/pages/${slug}`, {
      token,
      body: { links: [{ id: a.id, title: "A", url: a.url, enabled: false }, { id: b.id, title: "B", url: b.url }] },
    });
    expect(patch.status).toBe(200);
    const after = await Promise.all(Array.from({ length: SHARD_COUNT * 3 }, () => click(slug, a.id)));
    expect(after.map((r) => r.status)).toEqual(after.map(() => 404));
    const still = await Promise.all(Array.from({ length: SHARD_COUNT }, () => click(slug, b.id)));
    expect(still.map((r) => r.headers.get("location"))).toEqual(still.map(() => b.url));
  });

  it("turn on by the page's click rate, and off after quiet windows: routers come back to the page DO", async () => {
    const { slug, page } = await createPage();
    const a = page.links[0] as { id: string };
    await clicks(slug, a.id, 20);
    expect(await buffered(slug)).toEqual(Object.fromEntries(shardNames(slug).map((n) => [n, 0]))); // a quiet page keeps one DO
    expect(await heatUp(slug, a.id)).toBe(SHARD_COUNT);
    await clicks(slug, a.id, 1); // to the page DO, whose answer says "shards"
    await clicks(slug, a.id, SHARD_COUNT); // to the shards
    const onPage = async () => Number((await doRows(slug, "link_totals")).find((r) => r.link_id === a.id)?.total ?? 0); // the page DO's own count
    expect(Object.values(await buffered(slug)).reduce((x, y) => x + y, 0)).toBe(SHARD_COUNT);
    // Quiet: the windows pass with (almost) no clicks; time is the condition here, not a race.
    await sleep(SHARD_WINDOW_MS * (SHARD_QUIET_WINDOWS + 1) + 100);
    await clicks(slug, a.id, 1); // a shard asks for a fresh copy of the page, which now says "off"
    const onPageBefore = await onPage();
    await clicks(slug, a.id, 5, 1);
    expect(await onPage()).toBe(onPageBefore + 5);
  });

  it("live counts: shards report their totals to the page DO, which pushes the page's whole total to the owner's socket", async () => {
    const { slug, token, a } = await hotPage();
    const { live } = await openLive(slug, token);
    expect(await live!.next()).toMatchObject({ type: "snapshot", totals: { [a.id]: SHARD_ON_CLICKS } });
    expect((await click(slug, a.id)).status).toBe(302); // to a shard
    expect(await live!.next()).toMatchObject({ type: "click", linkId: a.id, total: SHARD_ON_CLICKS + 1 });
    live!.close();
  });

  it("the page DO answers each shard report with whether an owner watches live (the shard paces its reports by it: shard-report-pace.test.ts)", async () => {
    const { slug, token, a, pageId } = await hotPage();
    expect((await click(slug, a.id)).status).toBe(302); // to a shard, which registers with the page DO
    const counting = (await Promise.all(shardNames(slug).map(async (n) => ((await shardRows(n, "clicks")).length ? n : null)))).find(Boolean)!;
    expect(counting).toBeTruthy();
    const totals = await runInDurableObject(shardStub(counting), (_i, s) => linkTotals(s.storage.sql));
    const page = env.LINK_PAGE.getByName(slug);
    expect(await page.shardReport(counting, pageId, totals)).toBe(false);
    const { live } = await openLive(slug, token);
    expect(await live!.next()).toMatchObject({ type: "snapshot" });
    expect(await page.shardReport(counting, pageId, totals)).toBe(true);
    expect(await page.shardReport(counting, "another-page", totals)).toBe(false); // not this page's shard: ignored
    live!.close();
  });

  it("clicks.flushed: each shard's flush announces what it counted, so a webhook receiver sees every click of a hot page", async () => {
    const { slug, auth, page } = await proPage({ links: [{ title: "Site", url: "https://example.com" }] });
    const fake = fakeEndpoint();
    const hook = await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url: fake.url, events: ["clicks.flushed"] } });
    expect(hook.status).toBe(201);
    const site = page.links[0] as { id: string };
    expect(await heatUp(slug, site.id)).toBe(SHARD_COUNT);
    expect((await click(slug, site.id)).status).toBe(302); // to the page DO, whose answer says "shards"
    const sent = await spreadOver(slug, site.id, 2);
    const holding = Object.values(await buffered(slug)).filter((n) => n > 0).length;
    await flushAll(slug); // every shard holding clicks, then the page DO: one event each
    const events = (await fake.waitFor(holding + 1)).map((r) => JSON.parse(r.body) as { type: string; data: any });
    expect(events.every((e) => e.type === "clicks.flushed" && e.data.slug === slug)).toBe(true);
    expect(events.flatMap((e) => e.data.links.map((l: { linkId: string; title: string }) => [l.linkId, l.title]))).toEqual(
      events.map(() => [site.id, "Site"]),
    );
    expect(events.reduce((n, e) => n + e.data.clicks, 0)).toBe(SHARD_ON_CLICKS + 1 + sent);
  });

  it("deleting a page with unflushed shard clicks: shards forget them, and nothing reaches D1 afterwards", async () => {
    const { slug, token, a, pageId } = await hotPage();
    await clicks(slug, a.id, 80);
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    expect(Object.values(await buffered(slug)).every((n) => n === 0)).toBe(true);
    for (const name of shardNames(slug)) await runDurableObjectAlarm(shardStub(name));
    expect(await d1Clicks(pageId)).toBe(0);
    expect(await env.DB.prepare("SELECT 1 FROM click_shard_flushes WHERE page_id = ?").bind(pageId).first()).toBeNull();
    const late = await Promise.all(Array.from({ length: SHARD_COUNT }, () => click(slug, a.id)));
    expect(late.map((r) => r.status)).toEqual(late.map(() => 404));
  });

  it("renaming a page with shards: they flush first, then the page moves; nothing lost or counted twice", async () => {
    const { slug, token, a, pageId } = await hotPage();
    await clicks(slug, a.id, 80);
    const to = `${slug}-moved`;
    const res = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { slug: to } });
    expect(res.status).toBe(200);
    expect(Object.values(await buffered(slug)).every((n) => n === 0)).toBe(true);
    expect(await d1Clicks(pageId)).toBeGreaterThanOrEqual(80); // the shards' clicks, flushed before the move
    expect(await analyticsTotal(to, token)).toBe(SHARD_ON_CLICKS + 1 + 80);
  });
});
