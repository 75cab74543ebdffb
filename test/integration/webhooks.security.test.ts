// Who may manage webhooks, what a request must look like, and where a webhook may point (SSRF).
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { MAX_WEBHOOKS_PER_PAGE } from "../../src/webhooks/policy";
import { checkWebhookUrl, type UrlRefusal } from "../../src/webhooks/url-rules";
import { call, json } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { proPage } from "../helpers/pro-page";
import { makeUserPro, signIn } from "../helpers/sign-in";
import { fakeEndpoint } from "../helpers/webhook-fake";

const body = () => ({ url: fakeEndpoint().url, events: ["page.updated"] });

/** A pro owner's page (webhooks are Pro) with one webhook. */
async function pageWithWebhook() {
  const page = await proPage();
  const res = await call("POST", `/api/v1/pages/${page.slug}/webhooks`, { ...page.auth, body: body() });
  expect(res.status).toBe(201);
  return { ...page, hook: await json(res) };
}

describe("who may manage a page's webhooks", () => {
  const routes = (slug: string, id: string): [string, string, unknown?][] => [
    ["POST", `/api/v1/pages/${slug}/webhooks`, body()],
    ["GET", `/api/v1/pages/${slug}/webhooks`],
    ["DELETE", `/api/v1/pages/${slug}/webhooks/${id}`],
    ["POST", `/api/v1/pages/${slug}/webhooks/${id}/test`],
  ];

  it("nobody without credentials (401), even with an invalid body", async () => {
    const { slug, hook } = await pageWithWebhook();
    for (const [method, path, b] of routes(slug, hook.id)) await expectProblem(await call(method, path, { body: b }), 401);
    await expectProblem(await call("POST", `/api/v1/pages/${slug}/webhooks`, { body: { url: 1 } }), 401);
  });

  it("not another page's claim token, another account (even a pro one), or a page's former claim token once claimed (403)", async () => {
    const { slug, hook } = await pageWithWebhook();
    const other = await createPage();
    const stranger = await signIn();
    const proStranger = await signIn();
    await makeUserPro(proStranger.email);
    for (const [method, path, b] of routes(slug, hook.id)) {
      await expectProblem(await call(method, path, { token: other.token, body: b }), 403);
      await expectProblem(await call(method, path, { headers: stranger.headers, body: b }), 403);
      await expectProblem(await call(method, path, { headers: proStranger.headers, body: b }), 403);
    }

    // An unclaimed page is free, so it gets webhooks once a pro owner claims it; its token is then spent.
    const { slug: claimed, token } = await createPage();
    const owner = await signIn();
    await makeUserPro(owner.email);
    expect((await call("POST", `/api/v1/pages/${claimed}/claim`, { headers: owner.headers, body: { claimToken: token } })).status).toBe(200);
    const res = await call("POST", `/api/v1/pages/${claimed}/webhooks`, { headers: owner.headers, body: body() });
    expect(res.status).toBe(201);
    const mine = await json(res);
    for (const [method, path, b] of routes(claimed, mine.id)) await expectProblem(await call(method, path, { token, body: b }), 403);
    // The new owner manages it, and the former token changed nothing.
    const listed = await json(await call("GET", `/api/v1/pages/${claimed}/webhooks`, { headers: owner.headers }));
    expect(listed.webhooks.map((w: any) => w.id)).toEqual([mine.id]);
  });

  it("not from a foreign site with the owner's cookie (CSRF): nobody can register an endpoint to siphon off subscribers", async () => {
    const { owner, slug } = await proPage({ slug: `csrf-${Date.now().toString(36)}` });
    const res = await call("POST", `/api/v1/pages/${slug}/webhooks`, { headers: { cookie: owner.cookie, origin: "https://evil.example" }, body: body() });
    const problem = await expectProblem(res, 403);
    expect(problem.detail).toContain("Cross-site"); // refused as CSRF: the page is pro, so not for its plan
    expect((await json(await call("GET", `/api/v1/pages/${slug}/webhooks`, { headers: owner.headers }))).webhooks).toEqual([]);
  });

  it("unknown pages are 404; another page's webhook id is 404 here and stays untouched", async () => {
    const mine = await pageWithWebhook();
    const theirs = await pageWithWebhook();
    await expectProblem(await call("GET", "/api/v1/pages/no-such-page-xyz/webhooks", mine.auth), 404);
    await expectProblem(await call("DELETE", `/api/v1/pages/${mine.slug}/webhooks/${theirs.hook.id}`, mine.auth), 404);
    await expectProblem(await call("POST", `/api/v1/pages/${mine.slug}/webhooks/${theirs.hook.id}/test`, mine.auth), 404);
    const listed = await json(await call("GET", `/api/v1/pages/${theirs.slug}/webhooks`, theirs.auth));
    expect(listed.webhooks.map((w: any) => w.id)).toEqual([theirs.hook.id]);
  });

  it("the signing secret is only in the creation response: never listed, never exported", async () => {
    const { slug, auth, hook } = await pageWithWebhook();
    const listed = await (await call("GET", `/api/v1/pages/${slug}/webhooks`, auth)).text();
    const exported = await call("GET", `/api/v1/pages/${slug}/export`, auth);
    const doc = await exported.clone().json<any>();
    for (const text of [listed, await exported.text()]) {
      expect(text).not.toContain(hook.secret);
      expect(text).not.toContain("whsec_");
    }
    expect(doc.webhooks).toEqual([expect.objectContaining({ id: hook.id, url: hook.url, events: ["page.updated"], state: "active" })]);
  });
});

describe("POST …/webhooks validation", () => {
  it("refuses missing or unknown events, missing URLs and unknown fields, naming the field", async () => {
    const { slug, auth } = await proPage();
    const post = (b: unknown) => call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: b });
    await expectProblem(await post({ url: fakeEndpoint().url, events: [] }), 400, "events");
    await expectProblem(await post({ url: fakeEndpoint().url, events: ["page.deleted"] }), 400, "events.0");
    await expectProblem(await post({ url: fakeEndpoint().url }), 400, "events");
    await expectProblem(await post({ events: ["page.updated"] }), 400, "url");
    await expectProblem(await post({ ...body(), secret: "whsec_mine" }), 400);
  });

  it("refuses URLs the rules refuse, with a reason", async () => {
    const { slug, auth } = await proPage();
    const post = (url: string) => call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url, events: ["page.updated"] } });
    expect((await expectProblem(await post("http://example.com/hook"), 400, "url")).detail).toContain("https");
    expect((await expectProblem(await post("https://169.254.169.254/latest/meta-data/"), 400, "url")).detail).toContain("private");
    expect((await expectProblem(await post("https://metadata.google.internal/"), 400, "url")).detail).toContain("internal");
    expect((await expectProblem(await post("https://user:pw@example.com/"), 400, "url")).detail).toContain("password");
    await expectProblem(await post("javascript:alert(1)"), 400, "url");
  });

  it("in production, even localhost over http is refused (development allows it for local receivers)", async () => {
    const { slug, auth } = await proPage();
    const req = new Request(`http://localhost/api/v1/pages/${slug}/webhooks`, {
      method: "POST",
      headers: { ...auth.headers, "content-type": "application/json" },
      body: JSON.stringify(body()),
    });
    await expectProblem(await app.fetch(req, { ...env, ENVIRONMENT: "production" }, createExecutionContext()), 400, "url");
  });

  it(`allows at most ${MAX_WEBHOOKS_PER_PAGE} webhooks per page (409)`, async () => {
    const { slug, auth } = await proPage();
    const post = () => call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: body() });
    const results = await Promise.all(Array.from({ length: MAX_WEBHOOKS_PER_PAGE + 3 }, post));
    expect(results.filter((r) => r.status === 201)).toHaveLength(MAX_WEBHOOKS_PER_PAGE);
    for (const r of results.filter((r) => r.status !== 201)) await expectProblem(r, 409);
  });
});

describe("webhook URL rules (SSRF), as production applies them", () => {
  const refused: [string, UrlRefusal][] = [
    // Loopback in every spelling the URL parser accepts.
    ["https://127.0.0.1/", "private_address"],
    ["https://2130706433/", "private_address"],
    ["https://0x7f.1/", "private_address"],
    ["https://0x7f000001/", "private_address"],
    ["https://017700000001/", "private_address"],
    ["https://0177.0.0.1/", "private_address"],
    ["https://127.1/", "private_address"],
    ["https://127.0.0.1./", "private_address"],
    ["https://%31%32%37.0.0.1/", "private_address"],
    ["https://127.0.0.1:8443/hook", "private_address"],
    ["https://[::1]/", "private_address"],
    ["https://[0:0:0:0:0:0:0:1]/", "private_address"],
    ["https://[::ffff:127.0.0.1]/", "private_address"],
    ["https://[::ffff:7f00:1]/", "private_address"],
    ["https://[::127.0.0.1]/", "private_address"],
    ["https://[64:ff9b::127.0.0.1]/", "private_address"],
    ["https://[2002:7f00:1::]/", "private_address"],
    // Unspecified.
    ["https://0.0.0.0/", "private_address"],
    ["https://0/", "private_address"],
    ["https://[::]/", "private_address"],
    // Private networks, CGNAT, link-local and metadata addresses.
    ["https://10.0.0.1/", "private_address"],
    ["https://172.16.0.1/", "private_address"],
    ["https://172.31.255.255/", "private_address"],
    ["https://192.168.1.1/", "private_address"],
    ["https://100.64.0.1/", "private_address"],
    ["https://100.100.100.200/", "private_address"],
    ["https://169.254.169.254/latest/meta-data/", "private_address"],
    ["https://2852039166/", "private_address"], // 169.254.169.254 as one number
    ["https://[::ffff:169.254.169.254]/", "private_address"],
    ["https://[::ffff:10.0.0.1]/", "private_address"],
    ["https://[fd00::1]/", "private_address"],
    ["https://[fc00::1]/", "private_address"],
    ["https://[fd00:ec2::254]/", "private_address"],
    ["https://[fe80::1]/", "private_address"],
    ["https://[ff02::1]/", "private_address"],
    ["https://[2001:db8::1]/", "private_address"],
    ["https://224.0.0.1/", "private_address"],
    ["https://255.255.255.255/", "private_address"],
    ["https://192.0.2.10/", "private_address"],
    // Names that only resolve inside a network.
    ["https://localhost/", "internal_host"],
    ["https://LOCALHOST./", "internal_host"],
    ["https://api.localhost/", "internal_host"],
    ["https://metadata.google.internal/computeMetadata/v1/", "internal_host"],
    ["https://metadata.google.internal./", "internal_host"],
    ["https://metadata/", "internal_host"],
    ["https://instance-data/", "internal_host"],
    ["https://printer.local/", "internal_host"],
    // Credentials, schemes, plain http, junk.
    ["https://user:secret@example.com/", "credentials"],
    ["https://user@example.com/", "credentials"],
    ["http://example.com/hook", "http"],
    ["http://localhost:8787/hook", "http"],
    ["http://127.0.0.1:8787/hook", "http"],
    ["ftp://example.com/", "scheme"],
    ["file:///etc/passwd", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["data:text/plain,hi", "scheme"],
    // Only the standard https port: a name can resolve inward, and a port then picks the service.
    ["https://hooks.example.com:8443/in", "port"],
    ["https://example.com:22/", "port"],
    ["https://example.com:80/", "port"],
    ["not a url", "invalid"],
    ["https://", "invalid"],
    ["https://[::1/", "invalid"],
    [`https://example.com/${"a".repeat(2100)}`, "too_long"],
  ];
  it.each(refused)("refuses %s (%s)", (url, reason) => {
    expect(checkWebhookUrl(url, "production")).toEqual({ ok: false, reason });
  });

  const allowed = [
    "https://example.com/hooks/melinks",
    "https://hooks.example.com:443/in?source=melinks",
    "https://8.8.8.8/",
    "https://172.32.0.1/",
    "https://100.128.0.1/",
    "https://[2606:4700:4700::1111]/",
    "https://[::ffff:8.8.8.8]/",
  ];
  it.each(allowed)("allows %s", (url) => {
    expect(checkWebhookUrl(url, "production")).toMatchObject({ ok: true });
  });

  it("development additionally allows localhost and 127.0.0.1 (http or https), and nothing else private", () => {
    for (const url of ["http://localhost:8787/hook", "http://127.0.0.1:9000/", "https://localhost/"]) {
      expect(checkWebhookUrl(url, "development"), url).toMatchObject({ ok: true });
    }
    for (const [url, reason] of [
      ["http://example.com/", "http"],
      ["http://10.0.0.1/", "http"],
      ["https://10.0.0.1/", "private_address"],
      ["https://169.254.169.254/", "private_address"],
      ["https://[::1]/", "private_address"],
      ["http://user:pw@localhost/", "credentials"],
    ] as const) {
      expect(checkWebhookUrl(url, "development"), url).toEqual({ ok: false, reason });
    }
  });

  it("normalises the URL it keeps", () => {
    expect(checkWebhookUrl("HTTPS://Example.COM:443/a/../hook", "production")).toEqual({ ok: true, url: "https://example.com/hook" });
  });
});
