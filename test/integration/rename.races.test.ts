// Renames racing clicks and flushes, and renames that fail midway (docs/rename.md). Real Worker, DOs
// and D1; only the old DO's `d1` is swapped for a FaultyD1 around the real binding, to hold the move's
// D1 step while clicks arrive, or to fail it. Alarms are driven by hand with runDurableObjectAlarm.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LinkPage } from "../../src/link-page/link-page";
import { writeMarker } from "../../src/link-page/move";
import { MOVE_RETRY_MS } from "../../src/link-page/mover";
import { readPage } from "../../src/link-page/store";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { installFaultyD1 } from "../helpers/faulty-d1";
import { openLive } from "../helpers/live";
import { expectProblem } from "../helpers/problem";
import { d1Clicks, doRows } from "../helpers/storage";

const stubOf = (slug: string): DurableObjectStub<LinkPage> => env.LINK_PAGE.getByName(slug);
const rename = (slug: string, to: string, token: string) => call("PATCH", `/api/v1/pages/${slug}`, { token, body: { slug: to } });
const twoLinks = { links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] };

/** Per-link clicks and the total, as analytics reports them (buffer + D1). */
async function analytics(slug: string, token: string): Promise<Record<string, number>> {
  const res = await call("GET", `/api/v1/pages/${slug}/analytics`, { token });
  expect(res.status).toBe(200);
  const body = await json(res);
  return { total: body.totals.clicks, ...Object.fromEntries(body.links.map((l: any) => [l.linkId, l.clicks])) };
}

async function liveTotals(slug: string, token: string): Promise<Record<string, number>> {
  const { live } = await openLive(slug, token);
  const msg = await live!.next();
  live!.close();
  return msg.totals;
}

/** A visitor's click, following a 301 from the old address as a browser does; returns the final status. */
async function visit(slug: string, linkId: string): Promise<{ first: number; final: number }> {
  const res = await click(slug, linkId);
  if (res.status !== 301) return { first: res.status, final: res.status };
  const next = res.headers.get("location")!.split("/");
  return { first: 301, final: (await click(next[1]!, next[3]!)).status };
}

const d1Watermark = async (pageId: string) =>
  (await env.DB.prepare("SELECT seq FROM click_flushes WHERE page_id = ?").bind(pageId).first<{ seq: number }>())?.seq ?? 0;
const pageIdOfPage = async (token: string, slug: string) => (await env.DB.prepare("SELECT id FROM pages WHERE slug = ?").bind(slug).first<{ id: string }>())!.id;

describe("a rename racing clicks and flushes", () => {
  it("counts every click once: before, during (held by the move) and after it, in analytics and the live snapshot", async () => {
    const { slug, token, page } = await createPage(twoLinks);
    const [a, b] = page.links;
    for (let i = 0; i < 5; i++) await click(slug, a.id);
    expect(await runDurableObjectAlarm(stubOf(slug))).toBe(true); // these 5 are in D1
    for (let i = 0; i < 3; i++) await click(slug, b.id); // these 3 wait in the buffer
    expect(await analytics(slug, token)).toEqual({ total: 8, [a.id]: 5, [b.id]: 3 });
    const pageId = await pageIdOfPage(token, slug);

    // Clicks fired together with the rename: each lands wholly before the move (302) or after it (301, then counted at the new address).
    const to = uniqueSlug("raced");
    const racing = Array.from({ length: 12 }, (_, i) => visit(slug, i % 3 ? a.id : b.id));
    const renamed = rename(slug, to, token);
    const [r] = await Promise.all([renamed, ...racing]);
    expect(r.status).toBe(200);
    const outcomes = await Promise.all(racing);
    expect(outcomes.every((o) => o.final === 302)).toBe(true);

    const counted = { total: 8 + 12, [a.id]: 5 + 8, [b.id]: 3 + 4 };
    expect(await analytics(to, token)).toEqual(counted);
    expect(await liveTotals(to, token)).toEqual({ [a.id]: 13, [b.id]: 7 });
    expect(await runDurableObjectAlarm(stubOf(to))).toBe(true);
    expect(await d1Clicks(pageId)).toBe(20);
    expect(await analytics(to, token)).toEqual(counted);
    expect(await doRows(to, "clicks")).toEqual([]);
  });

  it("holds clicks that arrive while the move is at its D1 step, then sends them to the new address", async () => {
    const { slug, token, page } = await createPage(twoLinks);
    const [a, b] = page.links;
    for (let i = 0; i < 4; i++) await click(slug, a.id);
    const faulty = await installFaultyD1(slug);
    faulty.pauseNext();
    const to = uniqueSlug("held");
    const renaming = rename(slug, to, token);
    await faulty.untilHolding();
    const during = Array.from({ length: 10 }, (_, i) => click(slug, i % 2 ? a.id : b.id));
    faulty.release();
    expect((await renaming).status).toBe(200);
    const answers = await Promise.all(during);
    // Every one of them reached the old DO during or after the move: none counted there, all redirected.
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(301));
    // The 4 buffered clicks moved with their sequence numbers.
    expect((await doRows(to, "clicks")).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    for (const res of answers) {
      const [, s, , id] = res.headers.get("location")!.split("/");
      expect(s).toBe(to);
      expect((await click(s!, id!)).status).toBe(302);
    }
    expect(await analytics(to, token)).toEqual({ total: 14, [a.id]: 9, [b.id]: 5 });
    expect(await liveTotals(to, token)).toEqual({ [a.id]: 9, [b.id]: 5 });
  });

  it("lets a flush in flight finish before moving; the new DO continues the same sequence (exactly once)", async () => {
    const { slug, token, page } = await createPage();
    const link = page.links[0];
    for (let i = 0; i < 4; i++) await click(slug, link.id);
    const pageId = await pageIdOfPage(token, slug);
    const faulty = await installFaultyD1(slug);
    faulty.pauseNext();
    const flushing = runDurableObjectAlarm(stubOf(slug));
    await faulty.untilHolding();
    for (let i = 0; i < 2; i++) await click(slug, link.id); // buffered above the flush's range
    const to = uniqueSlug("flushed");
    const renaming = rename(slug, to, token);
    expect(faulty.attempted).toBe(1); // only the flush's batch so far
    faulty.release();
    expect(await flushing).toBe(true);
    expect((await renaming).status).toBe(200);
    expect(faulty.attempted).toBe(3); // the flush's two passes (the 4, then the 2), then the move's batch

    expect(await d1Clicks(pageId)).toBe(6);
    expect(await d1Watermark(pageId)).toBe(6);
    // The new DO holds the watermark and continues the sequence above it.
    expect(await doRows(to, "clicks")).toEqual([]);
    expect(await doRows(to, "_meta")).toEqual(expect.arrayContaining([{ key: "flushed_seq", value: "6" }]));
    await click(to, link.id);
    expect((await doRows(to, "clicks")).map((r) => r.seq)).toEqual([7]);
    expect(await runDurableObjectAlarm(stubOf(to))).toBe(true);
    expect(await d1Clicks(pageId)).toBe(7);
    expect(await d1Watermark(pageId)).toBe(7);
    expect((await analytics(to, token)).total).toBe(7);
  });
});

describe("a rename that fails midway", () => {
  it("D1 fails before committing: 503, nothing changed, the page keeps its address and its clicks", async () => {
    const { slug, token, page } = await createPage();
    await click(slug, page.links[0].id);
    const faulty = await installFaultyD1(slug);
    faulty.fail("before");
    const to = uniqueSlug("nope");
    await expectProblem(await rename(slug, to, token), 503);
    expect((await call("GET", `/${slug}`)).status).toBe(200);
    expect((await call("GET", `/${to}`)).status).toBe(404);
    expect((await call("GET", `/api/v1/pages/${slug}`, { token })).status).toBe(200);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM released_slugs WHERE slug = ?").bind(slug).first("n")).toBe(0);
    expect((await click(slug, page.links[0].id)).status).toBe(302);
    expect((await analytics(slug, token)).total).toBe(2);
    // And a retry works.
    expect((await rename(slug, to, token)).status).toBe(200);
    expect((await analytics(to, token)).total).toBe(2);
  });

  it("D1 commits but the DO can't learn it: 503, the old address counts nothing meanwhile, the next alarm finishes the move", async () => {
    const { slug, token, page } = await createPage();
    const link = page.links[0];
    for (let i = 0; i < 3; i++) await click(slug, link.id);
    const faulty = await installFaultyD1(slug);
    faulty.fail("after").failReads(1);
    const to = uniqueSlug("pending");
    await expectProblem(await rename(slug, to, token), 503);
    // D1 already points at the new slug, whose DO has nothing yet: the API answers 404, nothing is served twice.
    await expectProblem(await call("GET", `/api/v1/pages/${to}`, { token }), 404);
    expect(await runInDurableObject(stubOf(slug), (_i, s) => s.storage.getAlarm())).not.toBeNull();

    expect(await runDurableObjectAlarm(stubOf(slug))).toBe(true); // the retry the move armed
    expect((await call("GET", `/api/v1/pages/${to}`, { token })).status).toBe(200);
    expect((await call("GET", `/${slug}`)).status).toBe(301);
    const { first, final } = await visit(slug, link.id);
    expect([first, final]).toEqual([301, 302]);
    expect((await analytics(to, token)).total).toBe(4);
  });

  it("a click at the old address finishes a move left pending, and is then counted once at the new one", async () => {
    const { slug, token, page } = await createPage();
    const link = page.links[0];
    await click(slug, link.id);
    const faulty = await installFaultyD1(slug);
    faulty.fail("after").failReads(1);
    const to = uniqueSlug("finish");
    await expectProblem(await rename(slug, to, token), 503);
    const { first, final } = await visit(slug, link.id);
    expect([first, final]).toEqual([301, 302]);
    expect((await analytics(to, token)).total).toBe(2);
  });

  it("the new address's DO holds another page (no index row): 409, the index row is put back", async () => {
    const { slug, token, page } = await createPage();
    await click(slug, page.links[0].id);
    const to = uniqueSlug("occupied");
    const now = new Date().toISOString();
    const stray = await stubOf(to).create({ slug: to, displayName: "Stray", bio: "", links: [], socials: [], socialsPosition: "top", pageId: "pg_stray", now });
    expect(stray.ok).toBe(true);
    const res = await expectProblem(await rename(slug, to, token), 409);
    expect(res.reason).toBe("taken");
    expect((await call("GET", `/api/v1/pages/${slug}`, { token })).status).toBe(200);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM released_slugs WHERE slug = ?").bind(slug).first("n")).toBe(0);
    expect((await call("GET", `/${slug}`)).status).toBe(200);
    expect((await analytics(slug, token)).total).toBe(1);
    expect(await (await call("GET", `/${to}`)).text()).toContain("Stray");
  });

  it("the old DO dies right after writing its marker: its alarm carries the move out, nothing lost", async () => {
    const { slug, token, page } = await createPage();
    const link = page.links[0];
    for (let i = 0; i < 3; i++) await click(slug, link.id);
    const to = uniqueSlug("revived");
    // What start() leaves in storage before any other step: the marker and the retry alarm.
    await runInDurableObject(stubOf(slug), (_i, s) => {
      const cur = readPage(s.storage.sql)!;
      writeMarker(s.storage.sql, { from: slug, page: { ...cur, slug: to, version: cur.version + 1 }, at: Date.now() });
      return s.storage.setAlarm(Date.now() + MOVE_RETRY_MS);
    });
    await evictDurableObject(stubOf(slug)); // the instance is gone; storage stays

    expect(await runDurableObjectAlarm(stubOf(slug))).toBe(true);
    expect((await call("GET", `/api/v1/pages/${to}`, { token })).status).toBe(200);
    expect((await call("GET", `/${slug}`)).status).toBe(301);
    expect(await env.DB.prepare("SELECT reason FROM released_slugs WHERE slug = ?").bind(slug).first("reason")).toBe("renamed");
    expect(await liveTotals(to, token)).toEqual({ [link.id]: 3 });
    const { first, final } = await visit(slug, link.id);
    expect([first, final]).toEqual([301, 302]);
    expect((await analytics(to, token)).total).toBe(4);
  });
});
