// Webhooks end to end: routes → D1 → a real Cloudflare Queue (miniflare's, as `wrangler dev` runs it)
// → the Worker's queue handler → a fake receiver on 127.0.0.1. Signatures are checked with the
// `standardwebhooks` package, an implementation independent of ours.
import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { EVENT_PAYLOADS } from "../../src/schemas/webhooks";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { makeUserFree, proPage, proPageWithSignup } from "../helpers/pro-page";
import { makeUserPro, signIn } from "../helpers/sign-in";
import { pageIdOf } from "../helpers/storage";
import { fakeEndpoint } from "../helpers/webhook-fake";
import { capturingQueue, consume } from "../helpers/webhook-queue";
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
    const { slug, auth } = await proPage();
    const fake = fakeEndpoint();
    const created = await addWebhook(slug, auth, fake.url, ["page.updated", "subscriber.created", "page.updated"]);
    expect(created).toEqual({
      id: expect.stringMatching(/^wh_/),
      url: fake.url,
      events: ["page.updated", "subscriber.created"],
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
      createdAt: expect.any(String),
    });
    expect(atob(created.secret.slice("whsec_".length)).length).toBeGreaterThanOrEqual(24);

    const listed = await json(await call("GET", `/api/v1/pages/${slug}/webhooks`, auth));
    expect(listed).toEqual({
      webhooks: [
        {
          id: created.id, url: fake.url, events: ["page.updated", "subscriber.created"], createdAt: created.createdAt,
          state: "active", disabledAt: null, disabledReason: null, deliveries: [],
        },
      ],
    });
    expect(JSON.stringify(listed)).not.toContain("whsec_");

    expect((await call("DELETE", `/api/v1/pages/${slug}/webhooks/${created.id}`, auth)).status).toBe(204);
    expect(await listWebhooks(slug, auth)).toEqual([]);
    await expectProblem(await call("DELETE", `/api/v1/pages/${slug}/webhooks/${created.id}`, auth), 404);
  });

  it("the OpenAPI document describes the webhook routes", async () => {
    const doc = await json(await call("GET", "/api/v1/openapi.json"));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/pages/{slug}/webhooks", "/pages/{slug}/webhooks/{id}", "/pages/{slug}/webhooks/{id}/test"]));
    expect(doc.paths["/pages/{slug}/webhooks"].post.description).toContain("webhook-signature");
    // Adding and testing are Pro: their summaries say so, and their 403 names the plan.
    for (const op of [doc.paths["/pages/{slug}/webhooks"].post, doc.paths["/pages/{slug}/webhooks/{id}/test"].post]) {
      expect(op.summary).toContain("Pro");
      expect(op.responses["403"].description).toContain("Pro");
      expect(op.responses["403"].content["application/problem+json"]).toBeDefined();
    }
    // The deliveries themselves, as OpenAPI 3.1 webhooks with each event's payload.
    expect(Object.keys(doc.webhooks ?? {}).map((k) => k.replace(/^\//, "")).sort()).toEqual(["clicks.flushed", "page.updated", "subscriber.created", "webhook.test"]);
  });

  it("a pro owner with a session manages webhooks, on a page with the signup form too", async () => {
    const { owner, slug } = await proPageWithSignup();
    const created = await addWebhook(slug, { headers: owner.headers }, fakeEndpoint().url, ["subscriber.created"]);
    expect((await listWebhooks(slug, { headers: owner.headers })).map((w) => w.id)).toEqual([created.id]);
  });
});

type Owner = { headers: Record<string, string> };

/** A PATCH through the app with a queue that keeps what is sent: which events did it queue? */
async function patchQueuing(slug: string, auth: Owner, body: unknown) {
  const { sent, queue } = capturingQueue();
  const ctx = createExecutionContext();
  const req = new Request(`http://localhost/api/v1/pages/${slug}`, {
    method: "PATCH",
    headers: { ...auth.headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const res = await app.fetch(req, { ...env, WEBHOOK_QUEUE: queue }, ctx);
  expect(res.status).toBe(200);
  await waitOnExecutionContext(ctx);
  return sent;
}

const webhookRows = (slug: string) =>
  env.DB.prepare("SELECT COUNT(*) AS n FROM webhooks WHERE page_id = (SELECT id FROM pages WHERE slug = ?)").bind(slug).first<number>("n");

describe("webhooks are a Pro feature", () => {
  it("a free page can't add a webhook or send a test event: 403 saying Pro, before the body is looked at; nothing stored", async () => {
    const unclaimed = await createPage();
    const freeOwner = await signIn();
    const slug = `free-${Date.now().toString(36)}`;
    expect((await call("POST", "/api/v1/pages", { headers: freeOwner.headers, body: { slug, displayName: "Free" } })).status).toBe(201);
    for (const [target, auth] of [[unclaimed.slug, { token: unclaimed.token }], [slug, { headers: freeOwner.headers }]] as const) {
      const fake = fakeEndpoint();
      const refused = await expectProblem(await call("POST", `/api/v1/pages/${target}/webhooks`, { ...auth, body: { url: fake.url, events: ["page.updated"] } }), 403);
      expect(refused.detail).toContain("Webhooks are a Pro feature");
      expect(refused.type).toBe("/problems/forbidden");
      // An invalid body gets the same answer: the plan is what to fix, not the fields.
      expect((await expectProblem(await call("POST", `/api/v1/pages/${target}/webhooks`, { ...auth, body: { url: 1 } }), 403)).detail).toContain("Pro");
      expect((await expectProblem(await call("POST", `/api/v1/pages/${target}/webhooks/wh_nope/test`, auth), 403)).detail).toContain("Pro");
      expect(await webhookRows(target)).toBe(0);
      expect(await json(await call("GET", `/api/v1/pages/${target}/webhooks`, auth))).toEqual({ webhooks: [] });
      expect((await call("PATCH", `/api/v1/pages/${target}`, { ...auth, body: { bio: "changed" } })).status).toBe(200);
      // No endpoint was stored (webhookRows above), so the edit has nowhere to send: no wait needed.
      expect(await fake.received()).toEqual([]);
    }
  });

  it("the same owner's page works once the account is pro (the plan is read fresh, not cached)", async () => {
    const owner = await signIn();
    const slug = `later-${Date.now().toString(36)}`;
    expect((await call("POST", "/api/v1/pages", { headers: owner.headers, body: { slug, displayName: "Soon Pro" } })).status).toBe(201);
    await expectProblem(await call("POST", `/api/v1/pages/${slug}/webhooks`, { headers: owner.headers, body: { url: fakeEndpoint().url, events: ["page.updated"] } }), 403);
    await makeUserPro(owner.email);
    await addWebhook(slug, { headers: owner.headers }, fakeEndpoint().url, ["page.updated"]);
    expect(await webhookRows(slug)).toBe(1);
  });

  it("refuses a second webhook for the same URL on a page (409 naming url): a form posted twice makes one", async () => {
    const { slug, auth } = await proPage();
    const url = fakeEndpoint().url;
    expect((await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url, events: ["page.updated"] } })).status).toBe(201);
    const again = await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url, events: ["clicks.flushed"] } });
    const p = await expectProblem(again, 409, "url");
    expect(p.detail).toContain("already has a webhook for this URL");
    expect(await listWebhooks(slug, auth)).toHaveLength(1);
  });

  it("a page back on Free keeps listing and deleting its webhooks, but queues no event and can't test or add; Pro again, events flow", async () => {
    const { owner, slug, auth, page } = await proPage();
    const fake = fakeEndpoint();
    const kept = await addWebhook(slug, auth, fake.url, ["page.updated", "clicks.flushed"]);
    const dropped = await addWebhook(slug, auth, `${fake.url}?second`, ["page.updated"]);
    const whilePro = await patchQueuing(slug, auth, { bio: "while pro" });
    expect(whilePro).toHaveLength(2); // the same PATCH queues while pro

    await makeUserFree(owner.email);
    expect((await json(await call("GET", `/api/v1/pages/${slug}`, auth))).plan).toBe("free");
    expect((await listWebhooks(slug, auth)).map((w) => w.id).sort()).toEqual([kept.id, dropped.id].sort());

    // No event is queued: page.updated (PATCH), clicks.flushed (an alarm flush that counted a click).
    expect(await patchQueuing(slug, auth, { bio: "while free" })).toEqual([]);
    expect((await click(slug, page.links[0].id)).status).toBe(302);
    expect(await runDurableObjectAlarm(env.LINK_PAGE.getByName(slug))).toBe(true);
    const flushed = await env.DB.prepare("SELECT SUM(clicks) AS n FROM click_counts WHERE page_id = ?").bind(await pageIdOf(slug)).first<number>("n");
    expect(flushed).toBe(1); // the flush did count it
    // Neither a test event nor a new endpoint.
    expect((await expectProblem(await call("POST", `/api/v1/pages/${slug}/webhooks/${kept.id}/test`, auth), 403)).detail).toContain("Pro");
    expect((await expectProblem(await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url: fake.url, events: ["page.updated"] } }), 403)).detail).toContain("Pro");
    await new Promise((r) => setTimeout(r, 1500)); // longer than the queue's batch timeout
    expect(await fake.received()).toEqual([]);
    expect((await listWebhooks(slug, auth)).every((w) => w.deliveries.length === 0)).toBe(true);
    // An event queued while Pro but delivered after the downgrade is not sent either; the log says why.
    expect(await consume(whilePro.find((m) => m.webhookId === kept.id)!)).toMatchObject({ acked: true, retried: false });
    expect(await fake.received()).toEqual([]);
    const log = (await listWebhooks(slug, auth)).find((w) => w.id === kept.id)!.deliveries;
    expect(log).toEqual([expect.objectContaining({ event: "page.updated", ok: false, status: null, error: expect.stringContaining("Free plan") })]);

    expect((await call("DELETE", `/api/v1/pages/${slug}/webhooks/${dropped.id}`, auth)).status).toBe(204);
    expect((await listWebhooks(slug, auth)).map((w) => w.id)).toEqual([kept.id]);

    await makeUserPro(owner.email);
    // page.updated goes out at most once per page per 10 s (docs/limits.md#outbound-requests): let that window pass.
    await env.DB.prepare("UPDATE page_event_gates SET open_at = 0 WHERE page_id = ?").bind(await pageIdOf(slug)).run();
    const sent = await patchQueuing(slug, auth, { bio: "pro again" });
    expect(sent.map((m) => m.webhookId)).toEqual([kept.id]);
  });
});

describe("deliveries", () => {
  it("a test event arrives signed (verified by the standardwebhooks package) and shows in the list", async () => {
    const { slug, auth } = await proPage();
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, auth, fake.url, ["page.updated"]);
    const sent = await call("POST", `/api/v1/pages/${slug}/webhooks/${hook.id}/test`, auth);
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
    const other = await addWebhook(slug, auth, fakeEndpoint().url, ["page.updated"]);
    expect(() => verified(other.secret, req!)).toThrow();
    expect(() => verified(hook.secret, { ...req!, body: req!.body.replace("webhook.test", "webhook.tesT") })).toThrow();

    const deliveries = await deliveriesOf(slug, auth, hook.id, 1);
    expect(deliveries).toEqual([
      { messageId, event: "webhook.test", attempt: 1, at: expect.any(String), status: 204, ok: true, error: null, durationMs: expect.any(Number) },
    ]);
  });

  it("page.updated: a PATCH sends the new page to subscribed endpoints only", async () => {
    const { slug, auth } = await proPage();
    const fake = fakeEndpoint();
    const elsewhere = fakeEndpoint();
    const hook = await addWebhook(slug, auth, fake.url, ["page.updated"]);
    await addWebhook(slug, auth, elsewhere.url, ["subscriber.created"]);
    const res = await call("PATCH", `/api/v1/pages/${slug}`, { ...auth, body: { displayName: "Ada, Countess of Lovelace" } });
    expect(res.status).toBe(200);
    const page = await json(res);

    const [req] = await fake.waitFor(1);
    expect(verified(hook.secret, req!)).toEqual({ type: "page.updated", timestamp: expect.any(String), data: page });
    expect(await elsewhere.received()).toEqual([]);
  });

  it("page.updated: a refused PATCH sends nothing", async () => {
    const { slug, auth, etag } = await proPage();
    const fake = fakeEndpoint();
    await addWebhook(slug, auth, fake.url, ["page.updated"]);
    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { ...auth, body: { displayName: "" } }), 400);
    expect((await call("PATCH", `/api/v1/pages/${slug}`, { ...auth, body: { bio: "now" } })).status).toBe(200);
    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { body: { bio: "stale" }, headers: { ...auth.headers, "if-match": etag } }), 412);
    await fake.waitFor(1);
    // Nothing else is on its way: an emitting refused PATCH would have met the window "now" opened and
    // scheduled a coalesced send (pending = 1, a queue message delayed to the window's end).
    const gate = await env.DB.prepare("SELECT pending FROM page_event_gates WHERE page_id = ?").bind(await pageIdOf(slug)).first<number>("pending");
    expect(gate).toBe(0);
    expect((await fake.received()).map((r) => JSON.parse(r.body).data.bio)).toEqual(["now"]);
  });

  it("subscriber.created (confirmation off): a new signup is sent with the address; a repeat signup is not", async () => {
    const { owner, slug } = await proPageWithSignup({ confirm: false });
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, { headers: owner.headers }, fake.url, ["subscriber.created"]);
    const signup = (email: string) => call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email }, headers: { "cf-connecting-ip": "203.0.113.9" } });
    expect((await signup("Reader@Example.com")).status).toBe(202);
    const [req] = await fake.waitFor(1);
    expect(verified(hook.secret, req!)).toEqual({
      type: "subscriber.created",
      timestamp: expect.any(String),
      data: { slug, email: "reader@example.com", createdAt: expect.any(String) },
    });
    expect((await signup("READER@example.com")).status).toBe(202);
    expect((await signup("second@example.com")).status).toBe(202);
    const all = await fake.waitFor(2);
    expect(all.map((r) => JSON.parse(r.body).data.email)).toEqual(["reader@example.com", "second@example.com"]);
  });

  it("clicks.flushed: an alarm flush that counted clicks sends per-link counts; one that counted none sends nothing", async () => {
    const { slug, auth, page } = await proPage({
      links: [{ title: "Site", url: "https://example.com" }, { title: "Blog", url: "https://example.org" }],
    });
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, auth, fake.url, ["clicks.flushed"]);
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
    const { slug, auth } = await proPage();
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, auth, fake.url, ["page.updated"]);
    const links = Array.from({ length: 100 }, (_, i) => ({ title: `Link ${i}`, url: longUrl(i) }));
    const res = await call("PATCH", `/api/v1/pages/${slug}`, { ...auth, body: { links } });
    expect(res.status).toBe(200);
    const page = await json(res);

    const [req] = await fake.waitFor(1);
    expect(req!.body.length).toBeGreaterThan(128 * 1024);
    expect(verified(hook.secret, req!).data).toEqual(page);
    await deliveriesOf(slug, auth, hook.id, 1);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_payloads WHERE webhook_id = ?").bind(hook.id).first("n");
    expect(left).toBe(0);
  });
});

describe("deleting a page", () => {
  it("deletes its webhooks, their delivery log and pending payloads", async () => {
    const { slug, auth } = await proPage();
    const pageId = await pageIdOf(slug);
    const fake = fakeEndpoint();
    const hook = await addWebhook(slug, auth, fake.url, ["page.updated"]);
    await call("POST", `/api/v1/pages/${slug}/webhooks/${hook.id}/test`, auth);
    await fake.waitFor(1);
    await deliveriesOf(slug, auth, hook.id, 1);
    await env.DB.prepare("INSERT INTO webhook_payloads (message_id, webhook_id, page_id, body, created_at) VALUES ('msg_x', ?, ?, '{}', '')")
      .bind(hook.id, pageId)
      .run();

    expect((await call("DELETE", `/api/v1/pages/${slug}`, auth)).status).toBe(204);
    for (const table of ["webhooks", "webhook_deliveries", "webhook_payloads"]) {
      const n = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE page_id = ?`).bind(pageId).first("n");
      expect(n, table).toBe(0);
    }
  });
});
