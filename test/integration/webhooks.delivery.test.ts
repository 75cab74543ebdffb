// The queue consumer driven deterministically: each test hands the Worker's `queue` handler one
// message as attempt N (createMessageBatch / getQueueResult) and checks what it decided — ack, or
// retry after how long — against a fake receiver that fails, redirects or hangs on demand.
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { WebhookMessage } from "../../src/schemas/webhooks";
import { emitEvent, enqueueDelivery, eventBody } from "../../src/webhooks/emit";
import { MAX_ATTEMPTS, retryDelaySeconds, WEBHOOK_DLQ_NAME } from "../../src/webhooks/policy";
import { call, json } from "../helpers/api";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { app } from "../../src/app";
import { proPage } from "../helpers/pro-page";
import { pageIdOf } from "../helpers/storage";
import { fakeEndpoint } from "../helpers/webhook-fake";
import { capturingQueue, consume } from "../helpers/webhook-queue";

let n = 0;

/** A pro page with one webhook at `url`, and a message for it as emitEvent would queue it. */
async function setup(url: string, events = ["page.updated"]) {
  const { slug, auth } = await proPage();
  const res = await call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url, events } });
  expect(res.status, await res.clone().text()).toBe(201);
  const hook = await json(res);
  const pageId = await pageIdOf(slug);
  const message = (type = "page.updated", data: unknown = { slug }): WebhookMessage => ({
    webhookId: hook.id,
    pageId,
    msgId: `msg_t${Date.now().toString(36)}${(n++).toString(36)}`,
    type,
    body: eventBody(type as "page.updated", data),
  });
  const webhook = async () => (await json(await call("GET", `/api/v1/pages/${slug}/webhooks`, auth))).webhooks[0];
  return { slug, auth, pageId, hook, message, webhook };
}

describe("the queue consumer", () => {
  it("acks a message its endpoint accepted (2xx) and logs the attempt", async () => {
    const fake = fakeEndpoint("?status=200");
    const { hook, message, webhook } = await setup(fake.url);
    const msg = message();
    const r = await consume(msg);
    expect(r).toMatchObject({ acked: true, retried: false });
    const [req] = await fake.received();
    expect(new Webhook(hook.secret).verify(req!.body, req!.headers)).toEqual(JSON.parse(msg.body!));
    expect((await webhook()).deliveries).toEqual([
      { messageId: msg.msgId, event: "page.updated", attempt: 1, at: expect.any(String), status: 200, ok: true, error: null, durationMs: expect.any(Number) },
    ]);
  });

  it("retries a failing endpoint with exponential backoff, the same webhook-id each time, then disables it and says why", async () => {
    const fake = fakeEndpoint("?status=500");
    const { hook, message, webhook, pageId } = await setup(fake.url);
    const msg = message();
    const delays: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const r = await consume(msg, attempt);
      expect(r, `attempt ${attempt}`).toMatchObject({ acked: false, retried: true });
      delays.push(r.delaySeconds!);
    }
    expect(delays).toEqual(Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelaySeconds(i + 1)));
    expect(delays[0]).toBe(30);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]! - 1); // never shrinks
    expect(delays.at(-1)).toBeLessThanOrEqual(12 * 3600); // Queues' maximum delay
    expect((await webhook()).state).toBe("active"); // still retrying: not disabled yet

    const last = await consume(msg, MAX_ATTEMPTS);
    expect(last).toMatchObject({ acked: true, retried: false });
    const received = await fake.received();
    expect(received).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([msg.msgId]));
    for (const r of received) new Webhook(hook.secret).verify(r.body, r.headers); // each attempt signed afresh

    const w = await webhook();
    expect(w.state).toBe("disabled");
    expect(w.disabledAt).toEqual(expect.any(String));
    expect(w.disabledReason).toContain(`${MAX_ATTEMPTS} failed delivery attempts`);
    expect(w.disabledReason).toContain("HTTP 500");
    expect(w.deliveries.map((d: any) => [d.attempt, d.status, d.ok, d.error])).toEqual(
      Array.from({ length: MAX_ATTEMPTS }, (_, i) => [MAX_ATTEMPTS - i, 500, false, "HTTP 500"]),
    );

    // Disabled: events are no longer queued for it, and messages already queued are dropped unsent.
    expect(await emitEvent(env, { pageId, slug: "x", plan: "pro" }, "page.updated", {})).toBe(0);
    expect(await consume(message(), 1)).toMatchObject({ acked: true, retried: false });
    expect(await fake.received()).toHaveLength(MAX_ATTEMPTS);
  });

  it("a successful test event re-enables a disabled endpoint once it works again", async () => {
    const fake = fakeEndpoint(`?fail=${MAX_ATTEMPTS}`); // 503 to the first MAX_ATTEMPTS requests, then 204
    const { message, webhook } = await setup(fake.url);
    const msg = message();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) await consume(msg, attempt);
    expect((await webhook()).state).toBe("disabled");

    expect(await consume(message("webhook.test"), 1)).toMatchObject({ acked: true });
    const w = await webhook();
    expect(w).toMatchObject({ state: "active", disabledAt: null, disabledReason: null });
    expect(w.deliveries[0]).toMatchObject({ event: "webhook.test", status: 204, ok: true });
  });

  it("a flaky endpoint that recovers within the schedule is never disabled", async () => {
    const fake = fakeEndpoint("?fail=2");
    const { message, webhook } = await setup(fake.url);
    const msg = message();
    expect(await consume(msg, 1)).toMatchObject({ retried: true, delaySeconds: retryDelaySeconds(1) });
    expect(await consume(msg, 2)).toMatchObject({ retried: true, delaySeconds: retryDelaySeconds(2) });
    expect(await consume(msg, 3)).toMatchObject({ acked: true });
    const w = await webhook();
    expect(w.state).toBe("active");
    expect(w.deliveries.map((d: any) => [d.attempt, d.status, d.ok])).toEqual([[3, 204, true], [2, 503, false], [1, 503, false]]);
  });

  it("does not follow redirects: a 3xx is a failed attempt and the target is never contacted", async () => {
    const target = fakeEndpoint();
    const fake = fakeEndpoint(`?redirect=${encodeURIComponent(target.url)}`);
    const { message, webhook } = await setup(fake.url);
    const r = await consume(message());
    expect(r).toMatchObject({ acked: false, retried: true, delaySeconds: retryDelaySeconds(1) });
    expect(await fake.received()).toHaveLength(1);
    expect(await target.received()).toEqual([]);
    const [d] = (await webhook()).deliveries;
    expect(d).toMatchObject({ status: 302, ok: false });
    expect(d.error).toContain("not followed");
  });

  it("an endpoint that does not answer in time is a failed attempt (WEBHOOK_TIMEOUT_MS, 10 s by default)", async () => {
    expect(env.WEBHOOK_TIMEOUT_MS).toBe("10000");
    const fake = fakeEndpoint("?hang=1");
    const { message, webhook } = await setup(fake.url);
    const started = Date.now();
    const r = await consume(message(), 1, { WEBHOOK_TIMEOUT_MS: "300" });
    const took = Date.now() - started;
    expect(r).toMatchObject({ acked: false, retried: true });
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(5000);
    expect(await fake.received()).toHaveLength(1);
    const [d] = (await webhook()).deliveries;
    expect(d).toMatchObject({ status: null, ok: false, error: "no response within 300 ms" });
    expect(d.durationMs).toBeGreaterThanOrEqual(290);
  });

  it("an unreachable endpoint is a failed attempt", async () => {
    const { message, webhook } = await setup("http://127.0.0.1:9/unreachable");
    expect(await consume(message())).toMatchObject({ retried: true });
    const [d] = (await webhook()).deliveries;
    expect(d).toMatchObject({ status: null, ok: false });
    expect(d.error).toMatch(/^request failed/);
  });

  it("re-checks the URL before sending: a URL the rules now refuse is not contacted, and the endpoint is disabled at once", async () => {
    const fake = fakeEndpoint();
    const { message, webhook } = await setup(fake.url);
    // The same stored webhook in production, where http://127.0.0.1 is refused.
    expect(await consume(message(), 1, { ENVIRONMENT: "production" })).toMatchObject({ acked: true, retried: false });
    expect(await fake.received()).toEqual([]);
    const w = await webhook();
    expect(w.state).toBe("disabled");
    expect(w.disabledReason).toContain("URL refused");
  });

  it("drops messages for a deleted webhook, and malformed messages, without sending anything", async () => {
    const fake = fakeEndpoint();
    const { slug, auth, hook, message } = await setup(fake.url);
    expect((await call("DELETE", `/api/v1/pages/${slug}/webhooks/${hook.id}`, auth)).status).toBe(204);
    expect(await consume(message())).toMatchObject({ acked: true, retried: false });
    expect(await consume({ nonsense: true } as never)).toMatchObject({ acked: true, retried: false });
    expect(await fake.received()).toEqual([]);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ?").bind(hook.id).first("n");
    expect(rows).toBe(0);
  });

  it("reads a large body from D1 and deletes it once the message is done", async () => {
    const fake = fakeEndpoint();
    const { hook, message, pageId } = await setup(fake.url);
    const msg = message();
    const { body, ...rest } = msg;
    await env.DB.prepare("INSERT INTO webhook_payloads (message_id, webhook_id, page_id, body, created_at) VALUES (?, ?, ?, ?, '')")
      .bind(msg.msgId, hook.id, pageId, body)
      .run();
    expect(await consume(rest)).toMatchObject({ acked: true });
    const [req] = await fake.received();
    expect(req!.body).toBe(body);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_payloads WHERE message_id = ?").bind(msg.msgId).first("n")).toBe(0);
  });

  it("our own failure (D1 down) is retried later, not counted against the endpoint", async () => {
    const fake = fakeEndpoint();
    const { message, webhook } = await setup(fake.url);
    const brokenDb = { prepare: () => { throw new Error("D1 is down"); } } as unknown as D1Database;
    expect(await consume(message(), 1, { DB: brokenDb })).toMatchObject({ acked: false, retried: true, delaySeconds: retryDelaySeconds(1) });
    expect(await fake.received()).toEqual([]);
    expect((await webhook()).deliveries).toEqual([]);
  });

  it("the dead-letter queue logs what our consumer could not process, so the owner sees it, and drops it", async () => {
    const fake = fakeEndpoint();
    const { message, webhook } = await setup(fake.url);
    const msg = message();
    expect(await consume(msg, 1, {}, WEBHOOK_DLQ_NAME)).toMatchObject({ acked: true });
    expect(await fake.received()).toEqual([]);
    const w = await webhook();
    expect(w.state).toBe("active");
    expect(w.deliveries[0]).toMatchObject({ messageId: msg.msgId, ok: false, status: null });
    expect(w.deliveries[0].error).toContain("dropped");
  });

  it("a window's delayed page.updated that fails to read its page is owed again and sent on the retry; dead-lettered, it is dropped", async () => {
    const { pageId } = await setup(fakeEndpoint().url);
    // The window closed with an edit in it: its send is owed (pending = 1).
    await env.DB.prepare("INSERT INTO page_event_gates (page_id, event, open_at, pending) VALUES (?, 'page.updated', ?, 1)").bind(pageId, Date.now()).run();
    const due = { kind: "page-updated-due", pageId } as unknown as WebhookMessage;
    const unreachable = { getByName: () => ({ get: async () => { throw new Error("the page's DO did not answer"); } }) } as unknown as Cloudflare.Env["LINK_PAGE"];
    const pending = async () => (await env.DB.prepare("SELECT pending FROM page_event_gates WHERE page_id = ?").bind(pageId).first<{ pending: number }>())!.pending;

    const failed = capturingQueue();
    expect(await consume(due, 1, { LINK_PAGE: unreachable, WEBHOOK_QUEUE: failed.queue })).toMatchObject({ acked: false, retried: true });
    expect(failed.sent).toEqual([]);
    expect(await pending()).toBe(1); // still owed: the retry will send it

    const retried = capturingQueue();
    await consume(due, 2, { WEBHOOK_QUEUE: retried.queue });
    expect(retried.sent.map((m) => m.type)).toEqual(["page.updated"]);
    expect(await pending()).toBe(0);

    expect(await consume(due, MAX_ATTEMPTS, {}, WEBHOOK_DLQ_NAME)).toMatchObject({ acked: true });
  });

  it("keeps only the newest attempts in the log", async () => {
    const fake = fakeEndpoint("?status=200");
    const { message, webhook } = await setup(fake.url);
    for (let i = 0; i < 30; i++) await consume(message());
    expect((await webhook()).deliveries).toHaveLength(25);
  });
});

describe("emitting events", () => {
  it("sends one message per active endpoint subscribed to the event, and none to others", async () => {
    const a = fakeEndpoint();
    const { slug, auth, pageId, hook } = await setup(a.url, ["page.updated", "clicks.flushed"]);
    const post = (events: string[]) => call("POST", `/api/v1/pages/${slug}/webhooks`, { ...auth, body: { url: fakeEndpoint().url, events } });
    const second = await json(await post(["page.updated"]));
    await post(["subscriber.created"]);
    const { sent, queue } = capturingQueue();
    expect(await emitEvent({ ...env, WEBHOOK_QUEUE: queue }, { pageId, slug, plan: "pro" }, "page.updated", { hello: 1 })).toBe(2);
    expect(sent.map((m) => m.webhookId).sort()).toEqual([hook.id, second.id].sort());
    for (const m of sent) {
      expect(m).toEqual({ webhookId: m.webhookId, pageId, msgId: expect.stringMatching(/^msg_/), type: "page.updated", body: expect.any(String) });
      expect(JSON.parse(m.body!)).toEqual({ type: "page.updated", timestamp: expect.any(String), data: { hello: 1 } });
    }
    expect(sent[0]!.msgId).not.toBe(sent[1]!.msgId);
  });

  it("queues nothing for a page that is not pro (webhooks are a Pro feature), whatever endpoints it has", async () => {
    const { slug, pageId } = await setup(fakeEndpoint().url, ["page.updated", "clicks.flushed"]);
    const { sent, queue } = capturingQueue();
    for (const type of ["page.updated", "clicks.flushed", "subscriber.created"] as const) {
      expect(await emitEvent({ ...env, WEBHOOK_QUEUE: queue }, { pageId, slug, plan: "free" }, type, {}), type).toBe(0);
    }
    expect(sent).toEqual([]);
    // The same page and endpoint as pro: the event goes out, so the refusal above is the plan's doing.
    expect(await emitEvent({ ...env, WEBHOOK_QUEUE: queue }, { pageId, slug, plan: "pro" }, "page.updated", {})).toBe(1);
    expect(sent).toHaveLength(1);
  });

  it("never fails the action that emits: a broken queue or D1 is logged, and a PATCH still succeeds", async () => {
    const { slug, auth, pageId } = await setup(fakeEndpoint().url);
    const broken = capturingQueue(true).queue;
    expect(await emitEvent({ ...env, WEBHOOK_QUEUE: broken }, { pageId, slug, plan: "pro" }, "page.updated", {})).toBe(0);
    const brokenDb = { prepare: () => { throw new Error("D1 is down"); } } as unknown as D1Database;
    expect(await emitEvent({ ...env, DB: brokenDb }, { pageId, slug, plan: "pro" }, "page.updated", {})).toBe(0);

    const ctx = createExecutionContext();
    const req = new Request(`http://localhost/api/v1/pages/${slug}`, {
      method: "PATCH",
      headers: { ...auth.headers, "content-type": "application/json" },
      body: JSON.stringify({ bio: "still saved" }),
    });
    const res = await app.fetch(req, { ...env, WEBHOOK_QUEUE: broken }, ctx);
    expect(res.status).toBe(200);
    await waitOnExecutionContext(ctx);
    expect((await json(await call("GET", `/api/v1/pages/${slug}`, auth))).bio).toBe("still saved");
  });

  it("a body over the inline limit goes to D1 and the message carries only its id", async () => {
    const fake = fakeEndpoint();
    const { hook, pageId } = await setup(fake.url);
    const { sent, queue } = capturingQueue();
    const body = eventBody("page.updated", { big: "x".repeat(200 * 1024) });
    const msgId = await enqueueDelivery({ ...env, WEBHOOK_QUEUE: queue }, { webhookId: hook.id, pageId }, "page.updated", body);
    expect(sent).toEqual([{ webhookId: hook.id, pageId, msgId, type: "page.updated" }]);
    const stored = await env.DB.prepare("SELECT body FROM webhook_payloads WHERE message_id = ?").bind(msgId).first("body");
    expect(stored).toBe(body);
    expect(await consume(sent[0]!)).toMatchObject({ acked: true });
    expect((await fake.received())[0]!.body).toBe(body);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_payloads WHERE message_id = ?").bind(msgId).first("n")).toBe(0);
  });
});
