import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { expectProblem } from "../helpers/problem";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { endHold } from "../helpers/released-slugs";

async function sha256Hex(s: string) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("POST /api/v1/pages without an account", () => {
  it("creates the page and returns a claim token once, in the documented API shape", async () => {
    const slug = uniqueSlug("Ada");
    const res = await call("POST", "/api/v1/pages", {
      body: {
        slug,
        displayName: "  Ada Lovelace  ",
        bio: "Poet of science",
        theme: { preset: "midnight", accent: "#FF8800", buttonStyle: "pill", font: "serif" },
        links: [{ title: "Site", url: "https://example.com" }, { title: "Mail", url: "mailto:ada@example.com", enabled: false }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/pages/${slug.toLowerCase()}`);
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(["claimToken", "expiresAt", "page"]);
    expect(Date.parse(body.expiresAt) - Date.parse(body.page.createdAt)).toBe(30 * 86_400_000);
    expect(body.claimToken).toMatch(/^mlc_[A-Za-z0-9_-]{43,}$/);
    const page = body.page;
    expect(Object.keys(page).sort()).toEqual(
      ["avatar", "bio", "claimed", "createdAt", "displayName", "emailSignup", "links", "plan", "slug", "socials", "socialsPosition", "theme", "updatedAt"].sort(),
    );
    expect(page).toMatchObject({
      slug: slug.toLowerCase(),
      displayName: "Ada Lovelace",
      bio: "Poet of science",
      theme: { preset: "midnight", accent: "#ff8800", buttonStyle: "pill", font: "serif" },
      emailSignup: { enabled: false },
      avatar: null,
      plan: "free",
      claimed: false,
    });
    expect(new Date(page.createdAt).toISOString()).toBe(page.createdAt);
    expect(page.links).toEqual([
      { id: expect.any(String), type: "link", title: "Site", url: "https://example.com/", enabled: true, featured: false, icon: "auto", sensitive: false },
      { id: expect.any(String), type: "link", title: "Mail", url: "mailto:ada@example.com", enabled: false, featured: false, icon: "auto", sensitive: false },
    ]);
    expect(page).toMatchObject({ socials: [], socialsPosition: "top" });
    expect(page.links[0].id).not.toBe(page.links[1].id);
  });

  it("stores only the SHA-256 of the claim token, in D1 and nowhere in the DO", async () => {
    const { slug, token } = await createPage();
    const row = await env.DB.prepare("SELECT * FROM pages WHERE slug = ?").bind(slug).first<Record<string, unknown>>();
    expect(row!.claim_token_hash).toBe(await sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    const dump = await runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) => {
      const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").toArray();
      return tables.map((t) => state.storage.sql.exec(`SELECT * FROM "${t.name}"`).toArray());
    });
    expect(JSON.stringify(dump)).not.toContain(token.slice(4));
  });

  it("defaults: empty bio, classic theme, no links", async () => {
    const res = await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug(), displayName: "Min" } });
    expect(res.status).toBe(201);
    expect((await json(res)).page).toMatchObject({ bio: "", theme: { preset: "classic" }, links: [] });
  });
});

describe("GET / PATCH / DELETE /api/v1/pages/{slug} with the claim token", () => {
  it("reads the page with its ETag, through any case of the slug", async () => {
    const { slug, token, page, etag } = await createPage();
    const res = await call("GET", `/api/v1/pages/${slug.toUpperCase()}`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(etag);
    expect(await json(res)).toEqual(page);
  });

  it("accepts the Bearer scheme in any case", async () => {
    const { slug, token } = await createPage();
    const res = await call("GET", `/api/v1/pages/${slug}`, { headers: { authorization: `bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it("patches any subset; links replace the list and keep ids they carry", async () => {
    const { slug, token, page } = await createPage({
      links: [{ title: "One", url: "https://one.example" }, { title: "Two", url: "https://two.example" }],
    });
    const [one, two] = page.links;
    const res = await call("PATCH", `/api/v1/pages/${slug}`, {
      token,
      body: {
        bio: "New bio",
        theme: { preset: "forest" },
        links: [
          { id: two.id, title: "Two!", url: "https://two.example/new" },
          { title: "Three", url: "tel:+15551234" },
        ],
      },
    });
    expect(res.status).toBe(200);
    const updated = await json(res);
    expect(updated).toMatchObject({ displayName: "Ada Lovelace", bio: "New bio", theme: { preset: "forest" } });
    expect(updated.links.map((l: any) => l.title)).toEqual(["Two!", "Three"]);
    expect(updated.links[0].id).toBe(two.id);
    expect(updated.links.map((l: any) => l.id)).not.toContain(one.id);
    expect(updated.updatedAt >= page.updatedAt).toBe(true);
    const again = await json(await call("GET", `/api/v1/pages/${slug}`, { token }));
    expect(again).toEqual(updated);
  });

  it("supports optimistic concurrency: matching If-Match wins, a stale one gets 412 and changes nothing", async () => {
    const { slug, token, etag } = await createPage();
    const first = await call("PATCH", `/api/v1/pages/${slug}`, { token, headers: { "if-match": etag }, body: { bio: "first" } });
    expect(first.status).toBe(200);
    const newEtag = first.headers.get("etag");
    expect(newEtag).not.toBe(etag);
    const stale = await call("PATCH", `/api/v1/pages/${slug}`, { token, headers: { "if-match": etag }, body: { bio: "second" } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("etag")).toBe(newEtag);
    const now = await json(await call("GET", `/api/v1/pages/${slug}`, { token }));
    expect(now.bio).toBe("first");
  });

  it("DELETE honours If-Match: a stale ETag gets 412 and deletes nothing; the current one deletes", async () => {
    const { slug, token, etag } = await createPage();
    const edited = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { bio: "changed meanwhile" } });
    const current = edited.headers.get("etag")!;
    const stale = await call("DELETE", `/api/v1/pages/${slug}`, { token, headers: { "if-match": etag } });
    await expectProblem(stale, 412);
    expect(stale.headers.get("etag")).toBe(current);
    expect((await call("GET", `/api/v1/pages/${slug}`, { token })).status).toBe(200);
    expect((await call("GET", `/${slug}`)).status).toBe(200); // the public page too
    // The edge may hand clients a weakened W/"…" copy of the ETag: echoed back, it still means this version.
    expect((await call("PATCH", `/api/v1/pages/${slug}`, { token, headers: { "if-match": `W/${current}` }, body: { bio: "weak etag" } })).status).toBe(200);
    const latest = (await call("GET", `/api/v1/pages/${slug}`, { token })).headers.get("etag")!;
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token, headers: { "if-match": `W/${latest}` } })).status).toBe(204);
    expect((await call("GET", `/${slug}`)).status).toBe(404);
  });

  it("a delete that looked the page up before it was deleted and re-created under the slug leaves the new page alone", async () => {
    const { deletePage } = await import("../../src/actions/delete-page");
    const { findPageBySlug } = await import("../../src/db/pages");
    const first = await createPage();
    const stale = (await findPageBySlug(env.DB, first.slug))!;
    expect((await call("DELETE", `/api/v1/pages/${first.slug}`, { token: first.token })).status).toBe(204);
    await endHold(first.slug); // a deleted page's slug is held for 30 days (docs/rename.md)
    const again = await createPage({ slug: first.slug, displayName: "Someone else" });
    expect(await deletePage(env, stale)).toEqual({ ok: true }); // the late delete of the old page
    const now = await call("GET", `/api/v1/pages/${first.slug}`, { token: again.token });
    expect(now.status).toBe(200);
    expect((await json(now)).displayName).toBe("Someone else");
    expect((await call("GET", `/${first.slug}`)).status).toBe(200);
  });

  it("keeps emailSignup settings; enabling the form is for pro pages only", async () => {
    const { slug, token } = await createPage();
    const draft = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { emailSignup: { enabled: false, heading: "News", buttonText: "Join" } } });
    expect((await json(draft)).emailSignup).toEqual({ enabled: false, heading: "News", buttonText: "Join", confirm: true });
    const refused = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { emailSignup: { enabled: true } } });
    expect(refused.status).toBe(400);
    expect((await json(refused)).errors[0].field).toBe("emailSignup.enabled");
  });

  it("deletes the page: DO storage emptied, D1 row gone, public page 404, slug held for 30 days then free again", async () => {
    const { slug, token } = await createPage();
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    expect(await env.DB.prepare("SELECT 1 FROM pages WHERE slug = ?").bind(slug).first()).toBeNull();
    const tables = await runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'").toArray(),
    );
    expect(tables).toEqual([]);
    expect((await call("GET", `/${slug}`)).status).toBe(404);
    expect((await call("GET", `/api/v1/pages/${slug}`, { token })).status).toBe(404);
    const held = await call("POST", "/api/v1/pages", { body: { slug, displayName: "Too soon" } });
    expect(held.status).toBe(409);
    expect((await json(held)).reason).toBe("recently_released");
    await endHold(slug);
    const again = await createPage({ slug, displayName: "Someone Else" });
    expect(again.page.displayName).toBe("Someone Else");
    expect(again.page.links).toHaveLength(1);
    expect((await call("GET", `/api/v1/pages/${slug}`, { token })).status).toBe(403); // the old token is dead
  });
});
