// A page's plan has one authority, D1 (users.plan); each page's DO holds a copy kept equal by one
// retried step (docs/plans.md). A DO that can't be written during a change leaves its page pending,
// never split for good: the sweep settles it once the DO can be written again.
import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { makeUserPro, signIn, type Session } from "../helpers/sign-in";

const setPlan = (email: string, plan: "free" | "pro") =>
  call("PUT", `/api/v1/admin/users/${encodeURIComponent(email)}/plan`, { token: "test-admin-token", body: { plan } });

async function ownedPage(s: Session): Promise<string> {
  const res = await call("POST", "/api/v1/pages", { headers: s.headers, body: { slug: uniqueSlug("plan"), displayName: "Plans", links: [{ title: "x", url: "https://x.example" }] } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json(res)).page.slug;
}

/** The DO's copy: what the public page renders and counts by. */
const copyIn = async (slug: string) => (await env.LINK_PAGE.getByName(slug).get())!.page;

const pendingOf = async (email: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM plan_pending pp JOIN pages p ON p.id = pp.page_id JOIN users u ON u.id = p.owner_id WHERE u.email = ?")
    .bind(email)
    .first<{ n: number }>())!.n;

/** The page's DO refuses every write of its page row, as a broken disk would: a trigger in its own SQLite. */
const breakWrites = (slug: string) =>
  runInDurableObject(env.LINK_PAGE.getByName(slug), (_page, state) => {
    state.storage.sql.exec("CREATE TRIGGER broken_disk BEFORE INSERT ON page BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
  });
const mendWrites = (slug: string) =>
  runInDurableObject(env.LINK_PAGE.getByName(slug), (_page, state) => {
    state.storage.sql.exec("DROP TRIGGER broken_disk");
  });

/** One run of the frequent cron trigger (src/index.ts), waited for to the end. */
async function sweep(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ cron: "*/10 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("plan changes", () => {
  it("a page whose DO fails mid-change stays pending, and the sweep settles it once the DO can be written", async () => {
    const s = await signIn();
    const [a, b, c] = [await ownedPage(s), await ownedPage(s), await ownedPage(s)];
    expect(await pendingOf(s.email)).toBe(0); // new pages are settled as they are created
    await breakWrites(b);

    const res = await setPlan(s.email, "pro");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ email: s.email, plan: "pro", pagesPending: 1 });
    expect((await copyIn(a)).plan).toBe("pro");
    expect((await copyIn(c)).plan).toBe("pro");
    expect((await copyIn(b)).plan).toBe("free"); // behind, and D1 says so:
    expect(await pendingOf(s.email)).toBe(1);

    const queuedAt = () =>
      env.DB.prepare("SELECT queued_at FROM plan_pending pp JOIN pages p ON p.id = pp.page_id WHERE p.slug = ?").bind(b).first<string>("queued_at");
    const before = await queuedAt();
    await sweep(); // still broken: the sweep fails on it, keeps it, and puts it at the back of the line
    expect((await copyIn(b)).plan).toBe("free");
    expect(await pendingOf(s.email)).toBe(1);
    expect((await queuedAt())! > before!).toBe(true);

    await mendWrites(b);
    await sweep();
    expect((await copyIn(b)).plan).toBe("pro");
    expect(await pendingOf(s.email)).toBe(0);
    const html = await (await call("GET", `/${b}`, { headers: { referer: "https://social.example/post/1" } })).text();
    expect(html).toContain("?r=social.example"); // the public page counts it as pro now
  });

  it("a push older than the DO's copy changes nothing (racing pushes end on the newer plan)", async () => {
    const s = await signIn();
    const slug = await ownedPage(s);
    expect((await setPlan(s.email, "pro")).status).toBe(200);
    expect((await setPlan(s.email, "free")).status).toBe(200);
    const { version } = (await env.DB.prepare("SELECT plan_version AS version FROM users WHERE email = ?").bind(s.email).first<{ version: number }>())!;
    const before = await copyIn(slug);
    expect(before.plan).toBe("free");
    const stale = { claimed: true, plan: "pro" as const, planVersion: version - 1, now: new Date().toISOString() };
    expect(await env.LINK_PAGE.getByName(slug).setOwnership(stale)).toBe(true);
    expect(await copyIn(slug)).toEqual(before);
    // The same version again is a no-op too: the sweep may push a page twice.
    expect(await env.LINK_PAGE.getByName(slug).setOwnership({ ...stale, plan: "free", planVersion: version })).toBe(true);
    expect((await copyIn(slug)).updatedAt).toBe(before.updatedAt);
  });

  it("a claim whose DO can't be written still gives the page away; the sweep copies ownership and plan", async () => {
    const s = await signIn();
    await makeUserPro(s.email);
    const anon = await createPage();
    await breakWrites(anon.slug);
    const res = await call("POST", `/api/v1/pages/${anon.slug}/claim`, { headers: s.headers, body: { claimToken: anon.token } });
    expect(res.status).toBe(500);
    expect((await copyIn(anon.slug)).claimed).toBe(false);
    expect(await pendingOf(s.email)).toBe(1);

    await mendWrites(anon.slug);
    await sweep();
    expect(await copyIn(anon.slug)).toMatchObject({ claimed: true, plan: "pro" });
    expect(await pendingOf(s.email)).toBe(0);
    const mine = await json(await call("GET", "/api/v1/pages", { headers: s.headers }));
    expect(mine.pages.map((p: { slug: string }) => p.slug)).toContain(anon.slug);
  });
});
