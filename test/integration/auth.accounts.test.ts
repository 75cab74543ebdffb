import { createExecutionContext, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { app } from "../../src/app";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { makeUserPro, requestLink, signIn, userRow, verify, type Session } from "../helpers/sign-in";

async function sha256Hex(s: string) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const asUser = (s: Session, method: string, path: string, body?: unknown) => call(method, path, { headers: s.headers, body });

async function newKey(s: Session, name = "ci") {
  const res = await asUser(s, "POST", "/api/v1/api-keys", { name });
  expect(res.status).toBe(201);
  return json(res);
}

describe("API keys", () => {
  it("creates a key shown once, stores only its hash, lists without secrets, tracks last use, and revokes at once", async () => {
    const s = await signIn();
    const created = await newKey(s, "deploy bot");
    expect(created).toEqual({ id: expect.any(String), name: "deploy bot", key: expect.stringMatching(/^mlk_[A-Za-z0-9_-]{59}$/), createdAt: expect.any(String) });
    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(created.id).first<any>();
    expect(row.key_hash).toBe(await sha256Hex(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(4 + 16));

    const listed = await json(await asUser(s, "GET", "/api/v1/api-keys"));
    expect(listed).toEqual({ apiKeys: [{ id: created.id, name: "deploy bot", createdAt: created.createdAt, lastUsedAt: null }] });
    expect(JSON.stringify(listed)).not.toContain("mlk_");

    const me = await call("GET", "/api/v1/me", { token: created.key });
    expect(me.status).toBe(200);
    expect((await json(me)).email).toBe(s.email);
    let lastUsed = null;
    for (let i = 0; i < 20 && !lastUsed; i++) {
      lastUsed = (await json(await asUser(s, "GET", "/api/v1/api-keys"))).apiKeys[0].lastUsedAt;
      if (!lastUsed) await new Promise((r) => setTimeout(r, 10));
    }
    expect(lastUsed).not.toBeNull();

    expect((await asUser(s, "DELETE", `/api/v1/api-keys/${created.id}`)).status).toBe(204);
    await expectProblem(await call("GET", "/api/v1/me", { token: created.key }), 401);
    await expectProblem(await asUser(s, "DELETE", `/api/v1/api-keys/${created.id}`), 404);
  });

  it("a key with a tampered secret, or another user's key id, does not work", async () => {
    const s = await signIn();
    const { key } = await newKey(s);
    const tampered = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    await expectProblem(await call("GET", "/api/v1/me", { token: tampered }), 401);
    const other = await signIn();
    const theirs = await newKey(other);
    await expectProblem(await asUser(s, "DELETE", `/api/v1/api-keys/${theirs.id}`), 404);
    expect((await call("GET", "/api/v1/me", { token: theirs.key })).status).toBe(200);
  });

  it("refuses a missing or empty name", async () => {
    const s = await signIn();
    await expectProblem(await asUser(s, "POST", "/api/v1/api-keys", { name: "  " }), 400, "name");
    await expectProblem(await asUser(s, "POST", "/api/v1/api-keys", {}), 400, "name");
  });

  it("claim tokens are not API keys: /me and /api-keys refuse them", async () => {
    const { token } = await createPage();
    await expectProblem(await call("GET", "/api/v1/me", { token }), 403);
    await expectProblem(await call("POST", "/api/v1/api-keys", { token, body: { name: "x" } }), 403);
  });
});

describe("owned pages and claiming", () => {
  it("signed in, POST /pages creates an owned page with no claim token; GET /pages lists mine", async () => {
    const s = await signIn();
    const { key } = await newKey(s);
    const res = await call("POST", "/api/v1/pages", { token: key, body: { slug: uniqueSlug("own"), displayName: "Mine" } });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.claimToken).toBeUndefined();
    expect(body.page).toMatchObject({ claimed: true, plan: "free" });
    const viaCookie = await asUser(s, "POST", "/api/v1/pages", { slug: uniqueSlug("own"), displayName: "Mine too" });
    expect(viaCookie.status).toBe(201);
    const list = await json(await call("GET", "/api/v1/pages", { token: key }));
    expect(list.pages.map((p: any) => p.displayName)).toEqual(["Mine", "Mine too"]);
    const html = await (await call("GET", `/${body.page.slug}`)).text();
    expect(html).not.toContain("noindex");
    const other = await signIn();
    await expectProblem(await asUser(other, "PATCH", `/api/v1/pages/${body.page.slug}`, { bio: "mine now" }), 403);
    expect(await json(await asUser(other, "GET", "/api/v1/pages"))).toEqual({ pages: [] });
  });

  it("claims an anonymous page once; the claim token stops working; the page leaves noindex", async () => {
    const anon = await createPage();
    const s = await signIn();
    const res = await asUser(s, "POST", `/api/v1/pages/${anon.slug}/claim`, { claimToken: anon.token });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ slug: anon.slug, claimed: true });
    expect((await userRow(s.email)).id).toBe((await env.DB.prepare("SELECT owner_id FROM pages WHERE slug = ?").bind(anon.slug).first<any>()).owner_id);
    expect((await env.DB.prepare("SELECT claim_token_hash FROM pages WHERE slug = ?").bind(anon.slug).first<any>()).claim_token_hash).toBeNull();
    await expectProblem(await call("GET", `/api/v1/pages/${anon.slug}`, { token: anon.token }), 403);
    await expectProblem(await asUser(s, "POST", `/api/v1/pages/${anon.slug}/claim`, { claimToken: anon.token }), 409);
    const thief = await signIn();
    await expectProblem(await asUser(thief, "POST", `/api/v1/pages/${anon.slug}/claim`, { claimToken: anon.token }), 403);
    expect(await (await call("GET", `/${anon.slug}`)).text()).not.toContain("noindex");
    expect((await json(await asUser(s, "GET", "/api/v1/me"))).pages).toEqual([anon.slug]);
  });

  it("two concurrent claims with one token: exactly one wins", async () => {
    const anon = await createPage();
    const [a, b] = await Promise.all([signIn(), signIn()]);
    const results = await Promise.all([a, b].map((s) => asUser(s, "POST", `/api/v1/pages/${anon.slug}/claim`, { claimToken: anon.token })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
  });

  it("refuses a wrong claim token and claiming without signing in", async () => {
    const anon = await createPage();
    const s = await signIn();
    await expectProblem(await asUser(s, "POST", `/api/v1/pages/${anon.slug}/claim`, { claimToken: "mlc_wrong" }), 403);
    await expectProblem(await call("POST", `/api/v1/pages/${anon.slug}/claim`, { token: anon.token, body: { claimToken: anon.token } }), 403);
    await expectProblem(await call("POST", `/api/v1/pages/${anon.slug}/claim`, { body: { claimToken: anon.token } }), 401);
  });
});

describe("CSRF on cookie-authenticated writes", () => {
  it.each([
    ["a foreign Origin with JSON", { origin: "https://evil.example", "content-type": "application/json" }],
    ["a foreign Origin with text/plain", { origin: "https://evil.example", "content-type": "text/plain" }],
    ["Origin: null", { origin: "null", "content-type": "application/json" }],
    ["no Origin, Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", "content-type": "application/json" }],
    ["no Origin, Sec-Fetch-Site: same-site (a sibling subdomain)", { "sec-fetch-site": "same-site", "content-type": "application/json" }],
    ["our Origin but Sec-Fetch-Site: cross-site", { origin: "http://localhost", "sec-fetch-site": "cross-site", "content-type": "application/json" }],
    ["Origin: null from a sandboxed frame (Sec-Fetch-Site: cross-site)", { origin: "null", "sec-fetch-site": "cross-site", "content-type": "application/json" }],
  ])("refuses %s with 403 and changes nothing", async (_n, headers) => {
    const s = await signIn();
    const slug = uniqueSlug("csrf");
    const res = await call("POST", "/api/v1/pages", { headers: { cookie: s.cookie, ...headers }, rawBody: JSON.stringify({ slug, displayName: "X" }) });
    await expectProblem(res, 403);
    expect(await env.DB.prepare("SELECT 1 FROM pages WHERE slug = ?").bind(slug).first()).toBeNull();
    await expectProblem(await call("DELETE", "/api/v1/me", { headers: { cookie: s.cookie, ...headers } }), 403);
    expect(await userRow(s.email)).not.toBeNull();
  });

  it("allows our own no-referrer page's form (Origin: null, Sec-Fetch-Site: same-origin): signing in again over a stale cookie works", async () => {
    const s = await signIn();
    await env.DB.prepare("UPDATE users SET sessions_valid_after = ? WHERE email = ?").bind(Date.now(), s.email).run(); // signed out everywhere
    const token = await requestLink(s.email);
    // The confirmation page sends Referrer-Policy: no-referrer, so the browser's POST says Origin: null.
    const res = await verify(token, { cookie: s.cookie, origin: "null", "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(303);
    const fresh = res.headers.get("set-cookie")!.split(";")[0]!;
    expect((await call("GET", "/api/v1/me", { headers: { cookie: fresh } })).status).toBe(200);
  });

  it("allows a cookie-jar API client that sends neither Origin nor Sec-Fetch-Site (no browser, so no forgery)", async () => {
    const s = await signIn();
    expect((await call("POST", "/api/v1/api-keys", { headers: { cookie: s.cookie }, body: { name: "cli" } })).status).toBe(201);
  });

  it("allows same-origin requests (Origin or Sec-Fetch-Site) and bearer requests", async () => {
    const s = await signIn();
    expect((await asUser(s, "POST", "/api/v1/api-keys", { name: "same-origin" })).status).toBe(201);
    expect((await call("POST", "/api/v1/api-keys", { headers: { cookie: s.cookie, "sec-fetch-site": "same-origin" }, body: { name: "sfs" } })).status).toBe(201);
    const { key } = await newKey(s);
    expect((await call("POST", "/api/v1/api-keys", { token: key, headers: { origin: "https://elsewhere.example" }, body: { name: "bearer" } })).status).toBe(201);
  });
});

describe("sessions end", () => {
  it("logout deletes the KV entry and clears the cookie", async () => {
    const s = await signIn();
    const id = s.cookie.split("=")[1]!;
    const res = await asUser(s, "POST", "/api/v1/auth/logout");
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/^melinks_session=; .*Max-Age=0/);
    expect(await env.SESSIONS.get(`session:${await sha256Hex(id)}`)).toBeNull();
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: s.cookie } }), 401);
  });

  it("logout {everywhere: true} ends every session of the account on every device; API keys and later sign-ins still work", async () => {
    const here = await signIn();
    const phone = await signIn(here.email);
    const other = await signIn(); // another account is not touched
    const { key } = await newKey(here);
    await expectProblem(await asUser(here, "POST", "/api/v1/auth/logout", { everywhere: "yes" }), 400, "everywhere");
    expect((await call("GET", "/api/v1/me", { headers: { cookie: phone.cookie } })).status).toBe(200); // a bad body changed nothing

    const pending = await requestLink(here.email); // a sign-in link not used yet
    const res = await asUser(here, "POST", "/api/v1/auth/logout", { everywhere: true });
    expect(res.status).toBe(204);
    expect((await verify(pending)).status).toBe(410); // withdrawn with the sessions
    expect(res.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: here.cookie } }), 401);
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: phone.cookie } }), 401);
    expect((await call("GET", "/api/v1/me", { headers: { cookie: other.cookie } })).status).toBe(200);
    expect((await call("GET", "/api/v1/me", { token: key })).status).toBe(200);

    const again = await signIn(here.email);
    expect((await call("GET", "/api/v1/me", { headers: { cookie: again.cookie } })).status).toBe(200);
    // Through an API key, it ends the account's browser sessions (the key itself stays valid).
    expect((await call("POST", "/api/v1/auth/logout", { token: key, body: { everywhere: true } })).status).toBe(204);
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: again.cookie } }), 401);
    expect((await call("GET", "/api/v1/me", { token: key })).status).toBe(200);
  });

  it.each([
    ["a text/plain beacon", "text/plain", "bye"],
    ["an empty JSON body", "application/json", ""],
    ["an extra key", "application/json", '{"reason":"done"}'],
  ])("logout with %s still ends the session (204)", async (_name, type, body) => {
    const s = await signIn();
    const res = await call("POST", "/api/v1/auth/logout", { headers: { ...s.headers, "content-type": type }, rawBody: body });
    expect(res.status).toBe(204);
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: s.cookie } }), 401);
  });

  it("logout with malformed JSON is a 400 and ends nothing", async () => {
    const s = await signIn();
    await expectProblem(await call("POST", "/api/v1/auth/logout", { headers: { ...s.headers, "content-type": "application/json" }, rawBody: "{oops" }), 400);
    expect((await call("GET", "/api/v1/me", { headers: { cookie: s.cookie } })).status).toBe(200);
  });

  it("sessions created before sessions_valid_after are refused even while KV still holds them", async () => {
    const s = await signIn();
    await env.DB.prepare("UPDATE users SET sessions_valid_after = ? WHERE email = ?").bind(Date.now(), s.email).run();
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: s.cookie } }), 401);
  });

  it("refuses two session cookies, and a KV value that doesn't parse", async () => {
    const a = await signIn();
    const b = await signIn();
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: `${a.cookie}; ${b.cookie}` } }), 401);
    const id = a.cookie.split("=")[1]!;
    await env.SESSIONS.put(`session:${await sha256Hex(id)}`, JSON.stringify({ userId: 42 }));
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: a.cookie } }), 401);
  });
});

describe("DELETE /api/v1/me", () => {
  it("deletes the account and everything in it, and ends every session", async () => {
    const s = await signIn();
    const other = await signIn(s.email); // a second session of the same user
    const { key, id: keyId } = await newKey(s);
    const owned = await json(await call("POST", "/api/v1/pages", { token: key, body: { slug: uniqueSlug("gone"), displayName: "Gone" } }));
    const anon = await createPage();
    await asUser(s, "POST", `/api/v1/pages/${anon.slug}/claim`, { claimToken: anon.token });
    await click(owned.page.slug, owned.page.links?.[0]?.id ?? "none");
    await click(anon.slug, anon.page.links[0].id);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(anon.slug));
    const user = await userRow(s.email);
    const pageIds = (await env.DB.prepare("SELECT id FROM pages WHERE owner_id = ?").bind(user.id).all<any>()).results.map((r) => r.id);
    expect(pageIds).toHaveLength(2);

    const res = await asUser(s, "DELETE", "/api/v1/me");
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toContain("Max-Age=0");

    for (const [table, col, value] of [
      ["users", "id", user.id], ["users", "email", s.email], ["api_keys", "user_id", user.id], ["api_keys", "id", keyId],
      ["pages", "owner_id", user.id], ["magic_links", "email", s.email], ["magic_link_sends", "email", s.email],
      ...pageIds.flatMap((id) => [["pages", "id", id], ["click_counts", "page_id", id], ["click_flushes", "page_id", id]]),
    ] as [string, string, string][]) {
      expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${col} = ?`).bind(value).first("n"), `${table}.${col}`).toBe(0);
    }
    for (const slug of [owned.page.slug, anon.slug]) {
      const tables = await runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, st) =>
        st.storage.sql.exec("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '\\_cf%' ESCAPE '\\'").toArray(),
      );
      expect(tables, slug).toEqual([]);
      expect((await call("GET", `/${slug}`)).status).toBe(404);
    }
    await expectProblem(await call("GET", "/api/v1/me", { headers: { cookie: other.cookie } }), 401);
    await expectProblem(await call("GET", "/api/v1/me", { token: key }), 401);
  });
});

describe("PUT /api/v1/admin/users/{email}/plan", () => {
  it("sets a plan with the operator token; a page's plan follows its owner's", async () => {
    const s = await signIn();
    const page = await json(await asUser(s, "POST", "/api/v1/pages", { slug: uniqueSlug("pro"), displayName: "Pro", links: [{ title: "x", url: "https://x.example" }] }));
    await makeUserPro(s.email.toUpperCase());
    expect((await json(await asUser(s, "GET", "/api/v1/me"))).plan).toBe("pro");
    expect((await json(await asUser(s, "GET", `/api/v1/pages/${page.page.slug}`))).plan).toBe("pro");
    const html = await (await call("GET", `/${page.page.slug}`, { headers: { referer: "https://social.example/post/1" } })).text();
    expect(html).toContain("?r=social.example");
  });

  it("does not exist when no ADMIN_TOKEN is configured", async () => {
    const s = await signIn();
    const req = new Request(`http://localhost/api/v1/admin/users/${s.email}/plan`, {
      method: "PUT",
      headers: { authorization: "Bearer anything", "content-type": "application/json" },
      body: JSON.stringify({ plan: "pro" }),
    });
    await expectProblem(await app.fetch(req, { ...env, ADMIN_TOKEN: undefined }, createExecutionContext()), 404);
    expect((await userRow(s.email)).plan).toBe("free");
  });

  it("refuses other tokens, unknown users and bad plans", async () => {
    const s = await signIn();
    await expectProblem(await call("PUT", `/api/v1/admin/users/${s.email}/plan`, { body: { plan: "pro" } }), 401);
    await expectProblem(await call("PUT", `/api/v1/admin/users/${s.email}/plan`, { token: "wrong", body: { plan: "pro" } }), 401);
    const { key } = await newKey(s);
    await expectProblem(await call("PUT", `/api/v1/admin/users/${s.email}/plan`, { token: key, body: { plan: "pro" } }), 401);
    await expectProblem(await call("PUT", "/api/v1/admin/users/nobody@example.com/plan", { token: "test-admin-token", body: { plan: "pro" } }), 404);
    await expectProblem(await call("PUT", `/api/v1/admin/users/${s.email}/plan`, { token: "test-admin-token", body: { plan: "gold" } }), 400, "plan");
  });
});
