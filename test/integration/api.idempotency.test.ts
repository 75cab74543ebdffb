// Idempotency-Key on POST requests of the API (docs/storage.md#idempotency_keys-0013): a replay answers the
// first response and acts once; a replay never shows a secret again.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { call, json } from "../helpers/api";
import { uniqueSlug } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { proPage } from "../helpers/pro-page";
import { signIn } from "../helpers/sign-in";
import { fakeEndpoint } from "../helpers/webhook-fake";

let n = 0;
const newKey = () => `key-${Date.now().toString(36)}-${(n++).toString(36)}`;
const client = () => ({ "cf-connecting-ip": `203.0.113.${(n++ % 250) + 1}` });
const pagesWithSlug = async (slug: string) => (await env.DB.prepare("SELECT COUNT(*) AS n FROM pages WHERE slug = ?").bind(slug).first<{ n: number }>())!.n;
const keysOf = async (email: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.email = ?").bind(email).first<{ n: number }>())!.n;

afterEach(() => vi.useRealTimers());

describe("Idempotency-Key", () => {
  it("an anonymous create replays its answer, acts once, and hides the claim token the second time", async () => {
    const slug = uniqueSlug("idem");
    const headers = { ...client(), "idempotency-key": newKey() };
    const body = { slug, displayName: "Ada", links: [{ title: "Site", url: "https://example.com" }] };
    const first = await call("POST", "/api/v1/pages", { headers, body });
    expect(first.status).toBe(201);
    const created = await json(first);
    expect(created.claimToken).toMatch(/^mlc_/);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const again = await call("POST", "/api/v1/pages", { headers, body });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    const replayed = await json(again);
    expect(replayed).toEqual({ ...created, claimToken: null, secretShownBefore: true });
    expect(await pagesWithSlug(slug)).toBe(1);

    // Nothing in D1 holds the token: the stored answer had it removed before it was written.
    const rows = await env.DB.prepare("SELECT * FROM idempotency_keys").all();
    expect(JSON.stringify(rows.results)).not.toContain(created.claimToken);
  });

  it("the same key from another client is another caller's key: it does not replay their answer", async () => {
    const key = newKey();
    const slug = uniqueSlug("idem");
    const body = { slug, displayName: "Ada" };
    expect((await call("POST", "/api/v1/pages", { headers: { ...client(), "idempotency-key": key }, body })).status).toBe(201);
    const other = await call("POST", "/api/v1/pages", { headers: { ...client(), "idempotency-key": key }, body });
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    await expectProblem(other, 409); // it acted, and found the slug taken
  });

  it("an API key's replay names it, with the key itself null; no second key is made", async () => {
    const user = await signIn();
    const headers = { ...user.headers, "idempotency-key": newKey() };
    const first = await json(await call("POST", "/api/v1/api-keys", { headers, body: { name: "ci" } }));
    expect(first.key).toMatch(/^mlk_/);
    const again = await call("POST", "/api/v1/api-keys", { headers, body: { name: "ci" } });
    expect(again.status).toBe(201);
    expect(await json(again)).toEqual({ ...first, key: null, secretShownBefore: true });
    expect(await keysOf(user.email)).toBe(1);
  });

  it("a webhook's replay hides its signing secret; no second webhook is made", async () => {
    const { slug, auth } = await proPage();
    const headers = { ...auth.headers, "idempotency-key": newKey() };
    const body = { url: fakeEndpoint().url, events: ["page.updated"] };
    const first = await json(await call("POST", `/api/v1/pages/${slug}/webhooks`, { headers, body }));
    expect(first.secret).toMatch(/^whsec_/);
    const again = await json(await call("POST", `/api/v1/pages/${slug}/webhooks`, { headers, body }));
    expect(again).toEqual({ ...first, secret: null, secretShownBefore: true });
    expect((await json(await call("GET", `/api/v1/pages/${slug}/webhooks`, auth))).webhooks).toHaveLength(1);
  });

  it("two identical requests at once act once: the other is answered 'in progress' or with the replay", async () => {
    const user = await signIn();
    const headers = { ...user.headers, "idempotency-key": newKey() };
    const [a, b] = await Promise.all([
      call("POST", "/api/v1/api-keys", { headers, body: { name: "racing" } }),
      call("POST", "/api/v1/api-keys", { headers, body: { name: "racing" } }),
    ]);
    const answers = [a, b].map((r) => `${r.status}${r.headers.get("idempotent-replayed") ? " replay" : ""}`).sort();
    expect([["201", "409"], ["201", "201 replay"]]).toContainEqual(answers);
    const loser = [a, b].find((r) => r.status === 409);
    if (loser) expect(loser.headers.get("retry-after")).toBe("1");
    expect(await keysOf(user.email)).toBe(1);
  });

  it("the same key with another body is 422 and does nothing", async () => {
    const user = await signIn();
    const headers = { ...user.headers, "idempotency-key": newKey() };
    expect((await call("POST", "/api/v1/api-keys", { headers, body: { name: "one" } })).status).toBe(201);
    const other = await call("POST", "/api/v1/api-keys", { headers, body: { name: "two" } });
    const problem = await expectProblem(other, 422);
    expect(problem.detail).toMatch(/different request/);
    expect(await keysOf(user.email)).toBe(1);
  });

  it("the same JSON sent again in another key order or spacing is the same request: it replays", async () => {
    const slug = uniqueSlug("idem");
    const headers = { ...client(), "idempotency-key": newKey(), "content-type": "application/json" };
    const compact = `{"slug":"${slug}","displayName":"Ada","links":[{"title":"Site","url":"https://example.com"}]}`;
    const reordered = `{\n  "links": [ { "url": "https://example.com", "title": "Site" } ],\n  "displayName": "Ada", "slug": "${slug}"\n}`;
    expect((await call("POST", "/api/v1/pages", { headers, rawBody: compact })).status).toBe(201);
    const again = await call("POST", "/api/v1/pages", { headers, rawBody: reordered });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await pagesWithSlug(slug)).toBe(1);
    // Another value is another request, however it is spaced.
    const other = await call("POST", "/api/v1/pages", { headers, rawBody: reordered.replace('"Ada"', '"Ada L."') });
    await expectProblem(other, 422);
  });

  it("a refused request keeps no answer: the same key may be sent again, fixed", async () => {
    const headers = { ...client(), "idempotency-key": newKey() };
    const slug = uniqueSlug("idem");
    await expectProblem(await call("POST", "/api/v1/pages", { headers, body: { slug, displayName: "" } }), 400, "displayName");
    const fixed = await call("POST", "/api/v1/pages", { headers, body: { slug, displayName: "Ada" } });
    expect(fixed.status).toBe(201);
  });

  it("a key that is empty, too long or not visible ASCII is 400 naming the header, and nothing is made", async () => {
    const user = await signIn();
    for (const bad of ["", "x".repeat(256), "two words", "clé"]) {
      const res = await call("POST", "/api/v1/api-keys", { headers: { ...user.headers, "idempotency-key": bad }, body: { name: "bad" } });
      await expectProblem(res, 400, "Idempotency-Key");
    }
    expect(await keysOf(user.email)).toBe(0);
    // The draft's Structured Field form (a quoted string) is the same key as the bare one.
    const key = newKey();
    expect((await call("POST", "/api/v1/api-keys", { headers: { ...user.headers, "idempotency-key": `"${key}"` }, body: { name: "q" } })).status).toBe(201);
    const bare = await call("POST", "/api/v1/api-keys", { headers: { ...user.headers, "idempotency-key": key }, body: { name: "q" } });
    expect(bare.headers.get("idempotent-replayed")).toBe("true");
    expect(await keysOf(user.email)).toBe(1);
  });

  it("after 24 h a key is forgotten: the daily clean-up deletes it and the key acts again", async () => {
    const user = await signIn();
    const key = newKey();
    const headers = { ...user.headers, "idempotency-key": key };
    expect((await call("POST", "/api/v1/api-keys", { headers, body: { name: "day" } })).status).toBe(201);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 23.9 * 3_600_000);
    expect((await call("POST", "/api/v1/api-keys", { headers, body: { name: "day" } })).headers.get("idempotent-replayed")).toBe("true");
    expect(await keysOf(user.email)).toBe(1);

    vi.setSystemTime(Date.now() + 0.2 * 3_600_000); // 24.1 h after the first request
    const before = (await env.DB.prepare("SELECT COUNT(*) AS n FROM idempotency_keys").first<{ n: number }>())!.n;
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: "23 4 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const after = (await env.DB.prepare("SELECT COUNT(*) AS n FROM idempotency_keys").first<{ n: number }>())!.n;
    expect(after).toBeLessThan(before);

    const later = await call("POST", "/api/v1/api-keys", { headers, body: { name: "day" } });
    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(await keysOf(user.email)).toBe(2);
  });

  it("deleting the account deletes the answers kept for its keys", async () => {
    const user = await signIn();
    const key = newKey();
    await call("POST", "/api/v1/api-keys", { headers: { ...user.headers, "idempotency-key": key }, body: { name: "gone" } });
    const id = (await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(user.email).first<{ id: string }>())!.id;
    const held = () => env.DB.prepare("SELECT COUNT(*) AS n FROM idempotency_keys WHERE owner_id = ?").bind(id).first<{ n: number }>();
    expect((await held())!.n).toBe(1);
    expect((await call("DELETE", "/api/v1/me", { headers: user.headers })).status).toBe(204);
    expect((await held())!.n).toBe(0);
  });

  it("requests without the header are not remembered", async () => {
    const user = await signIn();
    const before = (await env.DB.prepare("SELECT COUNT(*) AS n FROM idempotency_keys").first<{ n: number }>())!.n;
    await call("POST", "/api/v1/api-keys", { headers: user.headers, body: { name: "plain" } });
    await call("POST", "/api/v1/api-keys", { headers: user.headers, body: { name: "plain" } });
    expect(await keysOf(user.email)).toBe(2);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM idempotency_keys").first<{ n: number }>())!.n).toBe(before);
  });

  it("the API document describes the header on every POST and the replay's null secret", async () => {
    const doc = await json(await call("GET", "/api/v1/openapi.json"));
    const posts = Object.entries<any>(doc.paths).filter(([p, item]) => item.post && !p.endsWith("/auth/logout"));
    expect(posts.length).toBeGreaterThan(5);
    for (const [, item] of posts) {
      expect(item.post.parameters).toContainEqual({ $ref: "#/components/parameters/IdempotencyKey" });
      expect(item.post.responses["422"]).toBeDefined();
    }
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ in: "header", name: "Idempotency-Key" });
    const created = doc.components.schemas.CreatePageResponse.properties;
    expect(created.claimToken.type).toEqual(["string", "null"]);
    expect(created.secretShownBefore).toBeDefined();
  });
});
