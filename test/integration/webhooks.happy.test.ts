// Webhooks end to end: routes → D1 → a real Cloudflare Queue (miniflare's, as `wrangler dev` runs it)
// → the Worker's queue handler → a fake receiver on 127.0.0.1. Signatures are checked with the
// `standardwebhooks` package, an implementation independent of ours.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { EVENT_PAYLOADS } from "../../src/schemas/webhooks";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { proPageWithSignup } from "../helpers/pro-page";
import { pageIdOf } from "../helpers/storage";
import { fakeEndpoint } from "../helpers/webhook-fake";
import type { RecordedWebhook } from "../webhook-fake/recorded-webhook";

type Auth = { token?: string; headers?: Record<string, string> };

async function addWebhook(slug: string, auth: Auth, url: string, events: string[]) {
  const res = await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url, events } });
  expect(res.status, await res.clone().text()).toBe(201);
  return json<{ id: string; url: string; events: string[]; secret: string; createdAt: string }>(res);
}

const listWebhooks = async (slug: string, auth: Auth) => (await json(await call("GET", `/api/v1/pages/${slug}/webhooks`, auth))).webhooks as any[];

/**
 * Verify with standardwebhooks (throws on a bad signature or a stale timestamp) and return the
 * payload, after checking it against the schema the OpenAPI document publishes for its type.
 */
function verified(secret: string, req: RecordedWebhook): any {
  const payload = new Webhook(secret).verify(req.body, req.headers) as { type: keyof typeof EVENT_PAYLOADS };
  EVENT_PAYLOADS[payload.type].parse(payload);
  return payload;
}

/** The consumer logs an attempt just after the endpoint answered: poll the list briefly. */
async function deliveriesOf(slug: string, auth: Auth, id: string, count: number): Promise<any[]> {
  for (let i = 0; i < 100; i++) {
    const hook = (await listWebhooks(slug, auth)).find((w) => w.id === id);
    if (hook.deliveries.length >= count) return hook.deliveries;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`webhook ${id} logged fewer than ${count} deliveries`);
}

describe("managing webhooks", () => {
  it("creates one with a whsec_ secret shown once, lists it without the secret, deletes it", async () => {
    const { slug, token } = await createPage();
    const fake = fakeEndpoint();
    const created = await addWebhook(slug, { token }, fake.url, ["page.updated", "subscriber.created", "page.updated"]);
    expect(created).toEqual({
      id: expect.stringMatching(/^wh_/),
      url: fake.url,
      events: ["page.updated", "subscriber.created"],
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
      createdAt: expect.any(String),
    });
    expect(atob(created.secret.slice("whsec_".length)).length).toBeGreaterThanOrEqual(24);

    const listed = await json(await call("GET", `/api/v1/pages/${slug}/webhooks`, { token }));
    expect(listed).toEqual({
      webhooks: [
        {
          id: created.id, url: fake.url, events: ["page.updated", "subscriber.created"], createdAt: created.createdAt,
          state: "active", disabledAt: null, disabledReason: null, deliveries: [],
        },
      ],
    });
    expect(JSON.stringify(listed)).not.toContain("whsec_");

    expect((await call("DELETE", `/api/v1/pages/${slug}/webhooks/${created.id}`, { token })).status).toBe(204);
    expect(await listWebhooks(slug, { token })).toEqual([]);
    await expectProblem(await call("DELETE", `/api/v1/pages/${slug}/webhooks/${created.id}`, { token }), 404);
  });

  it("the OpenAPI document describes the webhook routes", async () => {
    const doc = await json(await call("GET", "/api/v1/openapi.json"));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/pages/{slug}/webhooks", "/pages/{slug}/webhooks/{id}", "/pages/{slug}/webhooks/{id}/test"]));
    expect(doc.paths["/pages/{slug}/webhooks"].post.description).toContain("webhook-signature");
    // The deliveries themselves, as OpenAPI 3.1 webhooks with each event's payload.
    expect(Object.keys(doc.webhooks ?? {}).map((k) => k.replace(/^\//, "")).sort()).toEqual(["clicks.flushed", "page.updated", "subscriber.created", "webhook.test"]);
  });

  it("free and pro owners alike manage webhooks; a signed-in owner with a session does too", async () => {
    const { owner, slug } = await proPageWithSignup();
    const created = await addWebhook(slug, { headers: owner.headers }, fakeEndpoint().url, ["subscriber.created"]);
    expect((await listWebhooks(slug, { headers: owner.headers })).map((w) => w.id)).toEqual([created.id]);
  });
});

describe("deliveries", () => {
  it("a test event arrives signed (verified by the standardwebhooks package) and shows in the list", async () => {
    const { slug, token } = await createPage();
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, { token }, fake.url, ["page.updated"]);
    const sent = await call("POST", `/api/v1/pages/${slug}/webhooks/${hook.id}/test`, { token });
    expect(sent.status).toBe(202);
    const { messageId } = await json(sent);

    const [req] = await fake.waitFor(1);
    expect(req!.method).toBe("POST");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["webhook-id"]).toBe(messageId);
    expect(Math.abs(Number(req!.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(req!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verified(hook.secret, req!)).toEqual({
      type: "webhook.test",
      timestamp: expect.any(String),
      data: { slug, webhookId: hook.id, message: expect.any(String) },
    });
    // A different secret, or a body changed by one byte, does not verify.
    const other = await addWebhook(slug, { token }, fakeEndpoint().url, ["page.updated"]);
    expect(() => verified(other.secret, req!)).toThrow();
    expect(() => verified(hook.secret, { ...req!, body: req!.body.replace("webhook.test", "webhook.tesT") })).toThrow();

    const deliveries = await deliveriesOf(slug, { token }, hook.id, 1);
    expect(deliveries).toEqual([
      { messageId, event: "webhook.test", attempt: 1, at: expect.any(String), status: 204, ok: true, error: null, durationMs: expect.any(Number) },
    ]);
  });

  it("page.updated: a PATCH sends the new page to subscribed endpoints only", async () => {
    const { slug, token } = await createPage();
    const fake = fakeEndpoint();
    const elsewhere = fakeEndpoint();
    const hook = await addWebhook(slug, { token }, fake.url, ["page.updated"]);
    await addWebhook(slug, { token }, elsewhere.url, ["subscriber.created"]);
    const res = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { displayName: "Ada, Countess of Lovelace" } });
    expect(res.status).toBe(200);
    const page = await json(res);

    const [req] = await fake.waitFor(1);
    expect(verified(hook.secret, req!)).toEqual({ type: "page.updated", timestamp: expect.any(String), data: page });
    expect(await elsewhere.received()).toEqual([]);
  });

  it("page.updated: a refused PATCH sends nothing", async () => {
    const { slug, token, etag } = await createPage();
    const fake = fakeEndpoint();
    await addWebhook(slug, { token }, fake.url, ["page.updated"]);
    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { displayName: "" } }), 400);
    expect((await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { bio: "now" } })).status).toBe(200);
    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { bio: "stale" }, headers: { "if-match": etag } }), 412);
    await fake.waitFor(1);
    await new Promise((r) => setTimeout(r, 1500)); // longer than the queue's batch timeout
    expect((await fake.received()).map((r) => JSON.parse(r.body).data.bio)).toEqual(["now"]);
  });

  it("subscriber.created: a new signup is sent with the address; a repeat signup is not", async () => {
    const { owner, slug } = await proPageWithSignup();
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, { headers: owner.headers }, fake.url, ["subscriber.created"]);
    const signup = (email: string) => call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email }, headers: { "cf-connecting-ip": "203.0.113.9" } });
    expect((await signup("Reader@Example.com")).status).toBe(201);
    const [req] = await fake.waitFor(1);
    expect(verified(hook.secret, req!)).toEqual({
      type: "subscriber.created",
      timestamp: expect.any(String),
      data: { slug, email: "reader@example.com", createdAt: expect.any(String) },
    });
    expect((await signup("READER@example.com")).status).toBe(200);
    expect((await signup("second@example.com")).status).toBe(201);
    const all = await fake.waitFor(2);
    expect(all.map((r) => JSON.parse(r.body).data.email)).toEqual(["reader@example.com", "second@example.com"]);
  });

  it("clicks.flushed: an alarm flush that counted clicks sends per-link counts; one that counted none sends nothing", async () => {
    const { slug, token, page } = await createPage({
      links: [{ title: "Site", url: "https://example.com" }, { title: "Blog", url: "https://example.org" }],
    });
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, { token }, fake.url, ["clicks.flushed"]);
    const [site, blog] = page.links;
    for (const id of [site.id, site.id, blog.id]) expect((await click(slug, id)).status).toBe(302);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));

    const [req] = await fake.waitFor(1);
    const payload = verified(hook.secret, req!);
    expect(payload.type).toBe("clicks.flushed");
    expect(payload.data.slug).toBe(slug);
    expect(payload.data.clicks).toBe(3);
    expect(payload.data.links).toEqual(
      expect.arrayContaining([{ linkId: site.id, title: "Site", clicks: 2 }, { linkId: blog.id, title: "Blog", clicks: 1 }]),
    );
    expect(payload.data.links).toHaveLength(2);

    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug)); // nothing buffered
    expect((await click(slug, blog.id)).status).toBe(302);
    await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug));
    const both = await fake.waitFor(2);
    expect(both).toHaveLength(2);
    expect(verified(hook.secret, both[1]!).data).toEqual({ slug, clicks: 1, links: [{ linkId: blog.id, title: "Blog", clicks: 1 }] });
  });

  it("a body too large for a queue message waits in D1 and is delivered whole, then removed", async () => {
    const longUrl = (i: number) => `https://example.com/${i}/${"x".repeat(1900)}`;
    const { slug, token } = await createPage();
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, { token }, fake.url, ["page.updated"]);
    const links = Array.from({ length: 100 }, (_, i) => ({ title: `Link ${i}`, url: longUrl(i) }));
    const res = await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { links } });
    expect(res.status).toBe(200);
    const page = await json(res);

    const [req] = await fake.waitFor(1);
    expect(req!.body.length).toBeGreaterThan(128 * 1024);
    expect(verified(hook.secret, req!).data).toEqual(page);
    await deliveriesOf(slug, { token }, hook.id, 1);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_payloads WHERE webhook_id = ?").bind(hook.id).first("n");
    expect(left).toBe(0);
  });
});

describe("deleting a page", () => {
  it("deletes its webhooks, their delivery log and pending payloads", async () => {
    const { slug, token } = await createPage();
    const pageId = await pageIdOf(slug);
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, { token }, fake.url, ["page.updated"]);
    await call("POST", `/api/v1/pages/${slug}/webhooks/${hook.id}/test`, { token });
    await fake.waitFor(1);
    await deliveriesOf(slug, { token }, hook.id, 1);
    await env.DB.prepare("INSERT INTO webhook_payloads (message_id, webhook_id, page_id, body, created_at) VALUES ('msg_x', ?, ?, '{}', '')")
      .bind(hook.id, pageId)
      .run();

    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    for (const table of ["webhooks", "webhook_deliveries", "webhook_payloads"]) {
      const n = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE page_id = ?`).bind(pageId).first("n");
      expect(n, table).toBe(0);
    }
  });
});
