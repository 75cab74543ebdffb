import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LinkPage } from "../../src/link-page/link-page";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";

const d1Row = (slug: string) => env.DB.prepare("SELECT * FROM pages WHERE slug = ?").bind(slug).first();

describe("creating a page never leaves half a page", () => {
  it("when the DO write fails, the D1 row is removed again and the caller gets a 503", async () => {
    const slug = uniqueSlug("broken");
    // Fault injection through real storage: a schema whose `links` table is missing makes the DO's
    // write transaction fail (and roll back) inside SQLite.
    await runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) => {
      state.storage.sql.exec("CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      state.storage.sql.exec("INSERT INTO _meta VALUES ('schema_version', '1')");
      state.storage.sql.exec(
        "CREATE TABLE page (id INTEGER PRIMARY KEY, page_id TEXT, slug TEXT, display_name TEXT, bio TEXT, theme TEXT, email_signup TEXT, plan TEXT, claimed INTEGER, version INTEGER, created_at TEXT, updated_at TEXT)",
      );
    });
    const res = await call("POST", "/api/v1/pages", { body: { slug, displayName: "Ada", links: [{ title: "x", url: "https://x.example" }] } });
    await expectProblem(res, 503);
    expect(await d1Row(slug)).toBeNull();
    const pageRows = await runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) => state.storage.sql.exec("SELECT * FROM page").toArray());
    expect(pageRows).toEqual([]); // the transaction rolled back
    expect((await call("GET", `/${slug}`)).status).toBe(404);
  });

  it("when the D1 write is refused (slug taken), the existing page's DO is untouched", async () => {
    const first = await createPage({ displayName: "First Owner" });
    await expectProblem(await call("POST", "/api/v1/pages", { body: { slug: first.slug, displayName: "Intruder" } }), 409);
    const page = await json(await call("GET", `/api/v1/pages/${first.slug}`, { token: first.token }));
    expect(page.displayName).toBe("First Owner");
  });

  it("a DO that already holds content without a D1 row is not overwritten: 409, no D1 row", async () => {
    const slug = uniqueSlug("orphan");
    await runInDurableObject(env.LINK_PAGE.getByName(slug), (instance: LinkPage) =>
      instance.create({ slug, displayName: "Orphan", bio: "", links: [], socials: [], socialsPosition: "top", pageId: "pg_orphan", now: new Date().toISOString() }),
    );
    await expectProblem(await call("POST", "/api/v1/pages", { body: { slug, displayName: "New" } }), 409);
    expect(await d1Row(slug)).toBeNull();
  });

  it("concurrent creations of one slug: exactly one 201", async () => {
    const slug = uniqueSlug("race");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call("POST", "/api/v1/pages", { body: { slug, displayName: `Racer ${i}` } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = await json(results.find((r) => r.status === 201)!);
    const stored = await json(await call("GET", `/api/v1/pages/${slug}`, { token: winner.claimToken }));
    expect(stored.displayName).toBe(winner.page.displayName);
  });
});
