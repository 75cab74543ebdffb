import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { signIn } from "../helpers/sign-in";

const backdate = (slug: string, days: number) =>
  env.DB.prepare("UPDATE pages SET created_at = ? WHERE slug = ?").bind(new Date(Date.now() - days * 86_400_000).toISOString(), slug).run();

describe("unclaimed pages expire", () => {
  it("the daily cron deletes pages nobody claimed in 30 days — and only those", async () => {
    const old = await createPage();
    const young = await createPage();
    const claimedOld = await createPage();
    const owner = await signIn();
    expect((await call("POST", `/api/v1/pages/${claimedOld.slug}/claim`, { headers: owner.headers, body: { claimToken: claimedOld.token } })).status).toBe(200);
    await backdate(old.slug, 31);
    await backdate(young.slug, 29);
    await backdate(claimedOld.slug, 400);

    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: "23 4 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect((await call("GET", `/${old.slug}`)).status).toBe(404);
    expect(await env.DB.prepare("SELECT 1 FROM pages WHERE slug = ?").bind(old.slug).first()).toBeNull();
    const tables = await runInDurableObject(env.LINK_PAGE.getByName(old.slug), (_i, s) =>
      s.storage.sql.exec("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '\\_cf%' ESCAPE '\\'").toArray(),
    );
    expect(tables).toEqual([]);
    expect((await call("GET", `/${young.slug}`)).status).toBe(200);
    expect((await call("GET", `/${claimedOld.slug}`)).status).toBe(200);
  });
});
