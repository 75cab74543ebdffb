import { deletePayload, storePayload, subscribedWebhookIds } from "../db/webhooks";
import { randomBase64url } from "../lib/crypto";
import type { Plan } from "../schemas/page";
import type { DeliveredEvent, WebhookEvent, WebhookMessage } from "../schemas/webhooks";
import { webhooksAllowed } from "./plan";
import { MAX_INLINE_BODY_BYTES } from "./policy";

export interface EventPage {
  pageId: string;
  slug: string;
  /** The page's plan when the event happened (the DO's, or the page a PATCH just returned). */
  plan: Plan;
}

/**
 * Tell the page's active webhooks subscribed to `type` that it happened: one queue message per
 * endpoint, delivered by the consumer (./consumer.ts). Only pro pages send events (./plan.ts): a page
 * that went back to Free keeps its webhooks, but nothing is queued for them. Never throws — an event
 * must not fail the action that caused it — so failures are logged. Resolves to the number of messages queued.
 */
export async function emitEvent(env: Cloudflare.Env, page: EventPage, type: WebhookEvent, data: unknown): Promise<number> {
  if (!webhooksAllowed(page.plan)) return 0;
  try {
    const ids = await subscribedWebhookIds(env.DB, page.pageId, type);
    if (ids.length === 0) return 0;
    const body = eventBody(type, data);
    const sent = await Promise.allSettled(ids.map((webhookId) => enqueueDelivery(env, { webhookId, pageId: page.pageId }, type, body)));
    sent.forEach((s, i) => {
      if (s.status === "rejected") console.error(`webhooks: queueing ${type} of page ${page.slug} (${page.pageId}) for ${ids[i]} failed`, s.reason);
    });
    return sent.filter((s) => s.status === "fulfilled").length;
  } catch (err) {
    console.error(`webhooks: emitting ${type} for page ${page.slug} (${page.pageId}) failed`, err);
    return 0;
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
): Promise<string> {
  const msgId = "msg_" + randomBase64url(18);
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
