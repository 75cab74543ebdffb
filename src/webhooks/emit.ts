import { deletePayload, storePayload, subscribedWebhookIds } from "../db/webhooks";
import { randomBase64url, sha256Base64url } from "../lib/crypto";
import type { Plan } from "../schemas/page";
import type { DeliveredEvent, WebhookEvent, WebhookMessage } from "../schemas/webhooks";
import { MAX_INLINE_BODY_BYTES, webhooksAllowed } from "./policy";

export interface EventPage {
  pageId: string;
  slug: string;
  /** The page's plan when the event happened (the DO's, or the page a PATCH just returned). */
  plan: Plan;
}

/**
 * Tell the page's active webhooks subscribed to `type` that it happened: one queue message per
 * endpoint, delivered by the consumer (./consumer.ts). Only pro pages send events (./policy.ts): a page
 * that went back to Free keeps its webhooks, but nothing is queued for them. Never throws — an event
 * must not fail the action that caused it — so failures are logged. Resolves to the number of messages queued.
 */
export async function emitEvent(env: Cloudflare.Env, page: EventPage, type: WebhookEvent, data: unknown): Promise<number> {
  return (await emit(env, page, type, data)).queued;
}

/**
 * emitEvent for an event that may be announced more than once (a retried signup, the sweep): each
 * endpoint's message id is derived from `key`, so a receiver deduping on `webhook-id` (as Standard
 * Webhooks asks) sees it once. True when every endpoint's message was queued (or none was due).
 */
export async function emitEventOnce(env: Cloudflare.Env, page: EventPage, type: WebhookEvent, data: unknown, key: string): Promise<boolean> {
  const r = await emit(env, page, type, data, async (webhookId) => "msg_" + (await sha256Base64url(`${type}|${key}|${webhookId}`)).slice(0, 24));
  return r.failed === 0;
}

async function emit(env: Cloudflare.Env, page: EventPage, type: WebhookEvent, data: unknown, idFor?: (webhookId: string) => Promise<string>) {
  if (!webhooksAllowed(page.plan)) return { queued: 0, failed: 0 };
  try {
    const ids = await subscribedWebhookIds(env.DB, page.pageId, type);
    if (ids.length === 0) return { queued: 0, failed: 0 };
    const body = eventBody(type, data);
    const sent = await Promise.allSettled(
      ids.map(async (webhookId) => enqueueDelivery(env, { webhookId, pageId: page.pageId }, type, body, await idFor?.(webhookId))),
    );
    sent.forEach((s, i) => {
      if (s.status === "rejected") console.error(`webhooks: queueing ${type} of page ${page.slug} (${page.pageId}) for ${ids[i]} failed`, s.reason);
    });
    const queued = sent.filter((s) => s.status === "fulfilled").length;
    return { queued, failed: ids.length - queued };
  } catch (err) {
    console.error(`webhooks: emitting ${type} for page ${page.slug} (${page.pageId}) failed`, err);
    return { queued: 0, failed: 1 };
  }
}

/** The Standard Webhooks payload shape: `{ type, timestamp, data }`. */
export function eventBody(type: DeliveredEvent, data: unknown): string {
  return JSON.stringify({ type, timestamp: new Date().toISOString(), data });
}

/** Queue one message for one endpoint; its id is the `webhook-id` every attempt carries. */
export async function enqueueDelivery(
  env: Cloudflare.Env,
  target: { webhookId: string; pageId: string },
  type: DeliveredEvent,
  body: string,
  msgId = "msg_" + randomBase64url(18),
): Promise<string> {
  const inline = new TextEncoder().encode(body).byteLength <= MAX_INLINE_BODY_BYTES;
  if (!inline) await storePayload(env.DB, { msgId, ...target, body, now: new Date().toISOString() });
  const message: WebhookMessage = { ...target, msgId, type, ...(inline ? { body } : {}) };
  try {
    await (env.WEBHOOK_QUEUE as Queue<WebhookMessage>).send(message, { contentType: "json" });
  } catch (err) {
    if (!inline) await deletePayload(env.DB, msgId).catch(() => {});
    throw err;
  }
  return msgId;
}
