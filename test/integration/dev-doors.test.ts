import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { expectProblem } from "../helpers/problem";
import { createPage } from "../helpers/create-page";
import { jpeg } from "../helpers/images";
import { proPage } from "../helpers/pro-page";
import { mailTo, someClient, uniqueEmail } from "../helpers/sign-in";

// Dev-only doors stay shut behind a proxy (docs/self-hosting.md#dev-only-routes): a reverse proxy
// that forwards `Host: localhost` to `wrangler dev` must not open the outbox or steer sign-in links.

const PROXIED: [string, Record<string, string>][] = [
  ["X-Forwarded-For", { "x-forwarded-for": "203.0.113.9" }],
  ["Forwarded", { forwarded: "for=203.0.113.9;proto=https" }],
  ["X-Forwarded-Host", { "x-forwarded-host": "melinks.example" }],
  ["X-Forwarded-Proto", { "x-forwarded-proto": "https" }],
  ["X-Real-IP", { "x-real-ip": "203.0.113.9" }],
  ["Via", { via: "1.1 proxy" }],
  ["CDN-Loop", { "cdn-loop": "cloudflare" }],
];

const outbox = (headers: Record<string, string> = {}) => exports.default.fetch(new Request("http://localhost/dev/outbox", { headers }));

describe("the dev outbox", () => {
  it("opens to a direct request on this machine in development", async () => {
    const res = await outbox();
    expect(res.status).toBe(200);
    expect(Array.isArray(await res.json())).toBe(true);
  });

  it.each(PROXIED)("stays shut when the request came through a proxy (%s), even with Host: localhost", async (_name, headers) => {
    await expectProblem(await outbox(headers), 404);
    await expectProblem(await exports.default.fetch(new Request("http://127.0.0.1:8787/dev/outbox", { headers })), 404);
  });
});

describe("sign-in links follow a loopback origin only for a direct request", () => {
  it("direct: the request's own loopback origin (npm start -- --port 9000)", async () => {
    const email = uniqueEmail("direct");
    const res = await exports.default.fetch(
      new Request("http://localhost:9000/api/v1/auth/magic-link", { method: "POST", headers: { "content-type": "application/json", ...someClient() }, body: JSON.stringify({ email }) }),
    );
    expect(res.status).toBe(202);
    expect((await mailTo(email)).text).toContain("http://localhost:9000/auth/verify?token=");
  });

  it("proxied with Host: localhost:9000: APP_URL, never the forwarded Host", async () => {
    const email = uniqueEmail("proxied");
    const res = await exports.default.fetch(
      new Request("http://localhost:9000/api/v1/auth/magic-link", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9", ...someClient() },
        body: JSON.stringify({ email }),
      }),
    );
    expect(res.status).toBe(202);
    const text = (await mailTo(email)).text;
    expect(text).toContain("http://localhost:8787/auth/verify?token=");
    expect(text).not.toContain("localhost:9000");
  });
});

describe("a page's absolute addresses follow a direct local request's origin, like sign-in links", () => {
  const at = (origin: string, path: string, init: RequestInit = {}, headers: Record<string, string> = {}) =>
    exports.default.fetch(new Request(`${origin}${path}`, { ...init, headers: { ...someClient(), ...headers, ...(init.headers as Record<string, string>) } }));
  const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1];

  it("direct on localhost:9000: avatar.url, og:url, og:image and the API's server are on :9000", async () => {
    const { slug, token } = await createPage();
    const put = await at("http://localhost:9000", `/api/v1/pages/${slug}/avatar`, { method: "PUT", body: jpeg(120, 120), headers: { "content-type": "image/jpeg", authorization: `Bearer ${token}` } });
    expect(put.status).toBe(200);
    expect((await json(put)).avatar.url).toMatch(/^http:\/\/localhost:9000\/media\//);
    const got = await json(await at("http://localhost:9000", `/api/v1/pages/${slug}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(got.avatar.url).toMatch(/^http:\/\/localhost:9000\/media\//);
    const html = await (await at("http://localhost:9000", `/${slug}`)).text();
    expect(meta(html, "og:url")).toBe(`http://localhost:9000/${slug}`);
    expect(meta(html, "og:image")).toBe(got.avatar.url);
    expect(html).not.toContain("localhost:8787");
    const doc = await json(await at("http://localhost:9000", "/api/v1/openapi.json"));
    expect(doc.servers[0].url).toBe("http://localhost:9000/api/v1");
  });

  it("proxied with Host: localhost:9000: APP_URL (what production always uses)", async () => {
    const { slug, token } = await createPage();
    const proxied = { "x-forwarded-for": "203.0.113.9" };
    const put = await at("http://localhost:9000", `/api/v1/pages/${slug}/avatar`, { method: "PUT", body: jpeg(120, 120), headers: { "content-type": "image/jpeg", authorization: `Bearer ${token}` } }, proxied);
    expect((await json(put)).avatar.url).toMatch(/^http:\/\/localhost:8787\/media\//);
    const html = await (await at("http://localhost:9000", `/${slug}`, {}, proxied)).text();
    expect(meta(html, "og:url")).toBe(`http://localhost:8787/${slug}`);
    expect(html).not.toContain("localhost:9000");
  });
});

describe("webhook URLs use the standard https port", () => {
  it("an explicit other port is refused with a 400 naming url", async () => {
    const { slug, auth } = await proPage();
    for (const url of ["https://hooks.example.com:8443/in", "https://hooks.example.com:22/", "https://hooks.example.com:6379/"]) {
      const body = await expectProblem(await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url, events: ["page.updated"] } }), 400, "url");
      expect(body.errors[0].message).toMatch(/port \(443\)/);
    }
    const ok = await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url: "https://hooks.example.com:443/in", events: ["page.updated"] } });
    expect(ok.status).toBe(201);
    expect((await json(ok)).url).toBe("https://hooks.example.com/in");
  });
});
