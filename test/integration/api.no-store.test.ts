import { beforeAll, describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { postForm } from "../helpers/dashboard";
import { proPage, type ProPage } from "../helpers/pro-page";
import { fakeEndpoint } from "../helpers/webhook-fake";
import { requestLink, uniqueEmail } from "../helpers/sign-in";

// Secrets and account data are never cached (docs/caching.md): every answer that carries a token, a
// key, a secret or anything about an account says `Cache-Control: no-store` — 201s and errors too.

const expectNoStore = (res: Response, what: string) => expect(res.headers.get("cache-control"), what).toBe("no-store");

let pro: ProPage;
let claim: { slug: string; token: string };
let hookId: string;

beforeAll(async () => {
  pro = await proPage();
  claim = await createPage();
  const hook = await call("POST", `/api/v1/pages/${pro.slug}/webhooks`, { ...pro.auth, body: { url: fakeEndpoint().url, events: ["page.updated"] } });
  expect(hook.status).toBe(201);
  hookId = (await json(hook)).id;
});

describe("API answers that carry secrets or account data", () => {
  it("201 with a claim token (anonymous page creation)", async () => {
    const res = await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug("ns"), displayName: "Ada" } });
    expect(res.status).toBe(201);
    expect((await json(res)).claimToken).toMatch(/^mlc_/);
    expectNoStore(res, "POST /pages");
  });

  it("201 with an API key", async () => {
    const res = await call("POST", "/api/v1/api-keys", { ...pro.auth, body: { name: "ci" } });
    expect(res.status).toBe(201);
    expectNoStore(res, "POST /api-keys");
  });

  it("201 with a webhook secret", async () => {
    const res = await call("POST", `/api/v1/pages/${pro.slug}/webhooks`, { ...pro.auth, body: { url: fakeEndpoint().url, events: ["page.updated"] } });
    expect(res.status).toBe(201);
    expectNoStore(res, "POST /webhooks");
  });

  it("every GET about an account or a page it manages", async () => {
    const paths = [
      "/api/v1/me",
      "/api/v1/api-keys",
      "/api/v1/pages",
      `/api/v1/pages/${pro.slug}`,
      `/api/v1/pages/${pro.slug}/export`,
      `/api/v1/pages/${pro.slug}/analytics`,
      `/api/v1/pages/${pro.slug}/subscribers`,
      `/api/v1/pages/${pro.slug}/subscribers?format=csv`,
      `/api/v1/pages/${pro.slug}/webhooks`,
    ];
    for (const path of paths) {
      const res = await call("GET", path, pro.auth);
      expect(res.status, path).toBe(200);
      expectNoStore(res, path);
    }
  });

  it("a page read and edited with its claim token, and its claim", async () => {
    expectNoStore(await call("GET", `/api/v1/pages/${claim.slug}`, { token: claim.token }), "GET with claim token");
    expectNoStore(await call("PATCH", `/api/v1/pages/${claim.slug}`, { token: claim.token, body: { bio: "hi" } }), "PATCH");
    const res = await call("POST", `/api/v1/pages/${claim.slug}/claim`, { ...pro.auth, body: { claimToken: claim.token } });
    expect(res.status).toBe(200);
    expectNoStore(res, "claim");
  });

  it("sign-in requests, deletes and errors", async () => {
    for (const [method, path, opts] of [
      ["POST", "/api/v1/auth/magic-link", { body: { email: uniqueEmail("ns") } }],
      ["DELETE", `/api/v1/pages/${pro.slug}/webhooks/${hookId}`, pro.auth],
      ["GET", "/api/v1/me", {}], // 401
      ["GET", "/api/v1/pages/no-such-page-here", pro.auth], // 404
      ["POST", "/api/v1/pages", { body: { slug: "x" } }], // 400
    ] as const) {
      const res = await call(method, path, opts);
      expectNoStore(res, `${method} ${path} (${res.status})`);
    }
  });
});

describe("pages with account data or sign-in secrets", () => {
  it("every dashboard page", async () => {
    const s = pro.owner;
    for (const path of [
      "/dashboard",
      "/dashboard/account",
      `/dashboard/pages/${pro.slug}`,
      `/dashboard/pages/${pro.slug}/analytics`,
      `/dashboard/pages/${pro.slug}/pro`,
      `/dashboard/pages/${pro.slug}/preview`,
      `/dashboard/pages/${pro.slug}/qr.svg`,
    ]) {
      const res = await call("GET", path, { headers: s.headers });
      expect(res.status, path).toBe(200);
      expectNoStore(res, path);
    }
    const key = await postForm(s, "/dashboard/account/api-keys", { name: "from the form" });
    expect(await key.text()).toMatch(/mlk_/);
    expectNoStore(key, "new key page");
    expectNoStore(await call("GET", "/dashboard"), "signed-out redirect");
  });

  it("the sign-in pages, the verify answers and the dev outbox", async () => {
    const email = uniqueEmail("ns");
    const token = await requestLink(email);
    expectNoStore(await call("GET", `/auth/verify?token=${token}`), "GET /auth/verify");
    expectNoStore(await call("GET", "/login"), "GET /login");
    expectNoStore(await call("POST", "/login", { rawBody: `email=${encodeURIComponent(email)}`, headers: { "content-type": "application/x-www-form-urlencoded" } }), "POST /login");
    expectNoStore(await call("GET", "/dev/outbox"), "GET /dev/outbox");
  });
});

describe("public documents opt into caching; nothing else does", () => {
  it("the public page revalidates, the privacy facts and the API description may be cached", async () => {
    expect((await call("GET", `/${pro.slug}`)).headers.get("cache-control")).toBe("no-cache");
    for (const path of ["/privacy", "/.well-known/privacy.json", "/api/v1/openapi.json", "/robots.txt"]) {
      expect((await call("GET", path)).headers.get("cache-control"), path).toMatch(/^public, max-age=\d+$/);
    }
  });

  it("an answer that sets a cookie is never cacheable", async () => {
    const token = await requestLink(uniqueEmail("ns"));
    const res = await call("POST", "/auth/verify", {
      rawBody: new URLSearchParams({ token }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(res.headers.get("set-cookie")).toMatch(/melinks_session=/);
    expectNoStore(res, "POST /auth/verify");
  });
});
