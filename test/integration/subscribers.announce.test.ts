// subscriber.created is never lost to a lost reply: a signup is stored unannounced and marked once its
// webhook messages are queued; a retried signup, or the cron sweep, announces one that never was —
// once per endpoint, with the same webhook-id whoever announces it (src/actions/announce-signup.ts).
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { announcePendingSignups, GIVE_UP_AFTER_MS, SWEEP_AFTER_MS } from "../../src/actions/announce-signup";
import worker from "../../src/index";
import { call } from "../helpers/api";
import { proPageWithSignup } from "../helpers/pro-page";
import { capturingQueue } from "../helpers/webhook-queue";
import { expectServerProblem, fetchWith, onSql, RouterFaultyD1, subscribersOf } from "../helpers/router-faults";
import { fakeEndpoint } from "../helpers/webhook-fake";

type Queued = { msgId: string; webhookId: string; type: string; body?: string };

/**
 * A pro page with its signup form on — confirmation off, so a signup is listed and announced by its
 * own request (with confirmation on, the confirmation announces it: subscribers.confirm.test.ts) —
 * and one endpoint for subscriber.created.
 */
async function pageWithHook() {
  const { owner, slug } = await proPageWithSignup({ confirm: false });
  const res = await call("POST", `/api/v1/pages/${slug}/webhooks`, { headers: owner.headers, body: { url: fakeEndpoint().url, events: ["subscriber.created"] } });
  expect(res.status).toBe(201);
  const hook = (await res.json()) as { id: string };
  return { slug, hookId: hook.id };
}

const signupEvents = (sent: unknown[], email: string) =>
  (sent as Queued[]).filter((m) => m.type === "subscriber.created" && JSON.parse(m.body!).data.email === email);

const announcedAt = async (email: string) =>
  (await env.DB.prepare("SELECT announced_at FROM subscribers WHERE email = ?").bind(email).first<{ announced_at: string | null }>())?.announced_at;

/** Sign up with the insert's reply lost: the row is stored, the visitor got a 5xx, nothing was queued. */
async function signupWithLostReply(slug: string, email: string) {
  const spy = capturingQueue();
  const faulty = new RouterFaultyD1(env.DB, onSql(/INSERT INTO subscribers/i, "after"));
  await expectServerProblem(await fetchWith({ DB: faulty as unknown as D1Database, WEBHOOK_QUEUE: spy.queue }, "POST", `/api/v1/pages/${slug}/subscribers`, { body: { email } }));
  expect(await subscribersOf(slug)).toEqual([email]);
  expect(signupEvents(spy.sent, email)).toEqual([]);
  expect(await announcedAt(email)).toBeNull();
}

describe("subscriber.created after a lost reply", () => {
  it("a signup announces itself once: queued after the insert, then marked", async () => {
    const { slug, hookId } = await pageWithHook();
    const email = `new-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const spy = capturingQueue();
    expect((await fetchWith({ WEBHOOK_QUEUE: spy.queue }, "POST", `/api/v1/pages/${slug}/subscribers`, { body: { email } })).status).toBe(202);
    const [event] = signupEvents(spy.sent, email);
    expect(event).toMatchObject({ webhookId: hookId, msgId: expect.stringMatching(/^msg_[\w-]{24}$/) });
    expect(await announcedAt(email)).toEqual(expect.any(String));
    // Signing up again changes nothing and queues nothing.
    const again = capturingQueue();
    expect((await fetchWith({ WEBHOOK_QUEUE: again.queue }, "POST", `/api/v1/pages/${slug}/subscribers`, { body: { email } })).status).toBe(202);
    expect(signupEvents(again.sent, email)).toEqual([]);
  });

  it("the visitor's retry (202, as every signup) announces what the lost reply did not, once", async () => {
    const { slug, hookId } = await pageWithHook();
    const email = `lost-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await signupWithLostReply(slug, email);

    const retry = capturingQueue();
    expect((await fetchWith({ WEBHOOK_QUEUE: retry.queue }, "POST", `/api/v1/pages/${slug}/subscribers`, { body: { email } })).status).toBe(202);
    const events = signupEvents(retry.sent, email);
    expect(events).toHaveLength(1);
    expect(events[0]!.webhookId).toBe(hookId);
    expect(JSON.parse(events[0]!.body!).data).toEqual({ slug, email, createdAt: expect.any(String) });
    expect(await announcedAt(email)).toEqual(expect.any(String));

    const third = capturingQueue();
    expect((await fetchWith({ WEBHOOK_QUEUE: third.queue }, "POST", `/api/v1/pages/${slug}/subscribers`, { body: { email } })).status).toBe(202);
    expect(signupEvents(third.sent, email)).toEqual([]);
  });

  it("with no retry, the sweep announces it once it is old enough — with the webhook-id a retry would have used", async () => {
    const { slug } = await pageWithHook();
    const email = `sweep-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await signupWithLostReply(slug, email);

    const early = capturingQueue();
    await announcePendingSignups({ ...env, WEBHOOK_QUEUE: early.queue });
    expect(signupEvents(early.sent, email)).toEqual([]); // its own request may still be at it

    // The queue fails: nothing is marked, so the next sweep tries again.
    await announcePendingSignups({ ...env, WEBHOOK_QUEUE: capturingQueue(true).queue }, Date.now() + SWEEP_AFTER_MS + 1000);
    expect(await announcedAt(email)).toBeNull();

    const later = capturingQueue();
    await announcePendingSignups({ ...env, WEBHOOK_QUEUE: later.queue }, Date.now() + SWEEP_AFTER_MS + 1000);
    const swept = signupEvents(later.sent, email);
    expect(swept).toHaveLength(1);
    expect(await announcedAt(email)).toEqual(expect.any(String));

    // The same signup announced by a retry instead would carry the same webhook-id: receivers dedupe.
    await env.DB.prepare("UPDATE subscribers SET announced_at = NULL WHERE email = ?").bind(email).run();
    const retry = capturingQueue();
    expect((await fetchWith({ WEBHOOK_QUEUE: retry.queue }, "POST", `/api/v1/pages/${slug}/subscribers`, { body: { email } })).status).toBe(202);
    expect(signupEvents(retry.sent, email).map((m) => m.msgId)).toEqual(swept.map((m) => m.msgId));

    const none = capturingQueue();
    await announcePendingSignups({ ...env, WEBHOOK_QUEUE: none.queue }, Date.now() + SWEEP_AFTER_MS + 1000);
    expect(signupEvents(none.sent, email)).toEqual([]);
  });

  it("gives up after a week on a signup whose events never went out, and says so, instead of retrying it forever", async () => {
    const { slug } = await pageWithHook();
    const email = `stale-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await signupWithLostReply(slug, email);
    const spy = capturingQueue();
    await announcePendingSignups({ ...env, WEBHOOK_QUEUE: spy.queue }, Date.now() + GIVE_UP_AFTER_MS + 60_000);
    expect(signupEvents(spy.sent, email)).toEqual([]);
    expect(await announcedAt(email)).toMatch(/^gave up /);
    expect(await subscribersOf(slug)).toEqual([email]); // the subscriber itself is kept
  });

  it("runs on every cron trigger (wrangler.toml), not only the daily one", async () => {
    const { slug } = await pageWithHook();
    const email = `cron-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await signupWithLostReply(slug, email);
    await env.DB.prepare("UPDATE subscribers SET created_at = ? WHERE email = ?").bind(new Date(Date.now() - SWEEP_AFTER_MS - 60_000).toISOString(), email).run();
    const spy = capturingQueue();
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: "*/10 * * * *" }), { ...env, WEBHOOK_QUEUE: spy.queue }, ctx);
    await waitOnExecutionContext(ctx);
    expect(signupEvents(spy.sent, email)).toHaveLength(1);
  });
});
