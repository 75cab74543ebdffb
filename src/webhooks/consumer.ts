import type { z } from "zod";
import { deletePayload, findWebhookTarget, loadPayload, recordAttempt } from "../db/webhooks";
import { TEST_EVENT, WebhookMessageSchema, type WebhookMessage } from "../schemas/webhooks";
import { PageUpdatedDueSchema, sendDuePageUpdated } from "./coalesce";
import { postWebhook, type AttemptResult } from "./deliver";
import { deliveryTimeoutMs, MAX_ATTEMPTS, retryDelaySeconds, WEBHOOK_DLQ_NAME, webhooksAllowed } from "./policy";
import { checkWebhookUrl, urlRefusalMessage } from "./url-rules";

/**
 * The Worker's queue handler. Each message is one event for one endpoint: deliver it, log the attempt,
 * then ack (delivered, or given up) or retry with exponential backoff. Messages are handled
 * independently; one never fails the batch. At-least-once: a message can arrive twice (e.g. the ack is
 * lost), which is why receivers dedupe on `webhook-id`.
 */
export async function queue(batch: MessageBatch<unknown>, env: Cloudflare.Env): Promise<void> {
  const handle = batch.queue === WEBHOOK_DLQ_NAME ? deadLetter : deliverMessage;
  await Promise.all(batch.messages.map((m) => handle(m, env)));
}

async function deliverMessage(message: Message<unknown>, env: Cloudflare.Env): Promise<void> {
  const due = PageUpdatedDueSchema.safeParse(message.body);
  if (due.success) return sendDue(message, due.data, env);
  const m = parse(message);
  if (!m) return;
  const attempt = message.attempts;
  try {
    const hook = await findWebhookTarget(env.DB, m.webhookId);
    // Deleted, or disabled (only a test event may still try a disabled endpoint: its success re-enables it).
    if (!hook || (hook.disabled_at !== null && m.type !== TEST_EVENT)) return await finish(message, m, env);
    // Queued while the page was Pro, and the owner went back to Free since: not sent, and the log says why.
    if (!webhooksAllowed(hook.plan)) {
      const error = "not sent: the page is on the Free plan now (webhooks are a Pro feature)";
      await recordAttempt(env.DB, { webhookId: m.webhookId, msgId: m.msgId, type: m.type, attempt, at: new Date().toISOString(), ok: false, status: null, error, durationMs: 0 }, null);
      return await finish(message, m, env);
    }
    const body = m.body ?? (await loadPayload(env.DB, m.msgId));
    if (body === null) {
      console.error(`webhooks: message ${m.msgId} for ${m.webhookId} lost its stored payload; dropped`);
      return message.ack();
    }
    const urlCheck = checkWebhookUrl(hook.url, env.ENVIRONMENT);
    const result: AttemptResult = urlCheck.ok
      ? await postWebhook(urlCheck.url, { msgId: m.msgId, body, secret: hook.secret }, deliveryTimeoutMs(env.WEBHOOK_TIMEOUT_MS))
      : { ok: false, status: null, error: `URL refused: it ${urlRefusalMessage(urlCheck.reason)}`, durationMs: 0 };
    // A refused URL will not get better by waiting: give up at once.
    const final = result.ok || !urlCheck.ok || attempt >= MAX_ATTEMPTS;
    const disable = final && !result.ok ? disableReason(attempt, result) : null;
    await recordAttempt(env.DB, { webhookId: m.webhookId, msgId: m.msgId, type: m.type, attempt, at: new Date().toISOString(), ...result }, disable);
    if (final) await finish(message, m, env);
    else message.retry({ delaySeconds: retryDelaySeconds(attempt) });
  } catch (err) {
    // Our own failure (D1 unreachable …): try again later; after max_retries the queue dead-letters it.
    console.error(`webhooks: delivering ${m.msgId} to ${m.webhookId} failed internally (attempt ${attempt})`, err);
    message.retry({ delaySeconds: retryDelaySeconds(attempt) });
  }
}

/** A coalesced page.updated whose window closed (./coalesce.ts): queue its deliveries. */
async function sendDue(message: Message<unknown>, due: z.infer<typeof PageUpdatedDueSchema>, env: Cloudflare.Env): Promise<void> {
  try {
    await sendDuePageUpdated(env, due);
    message.ack();
  } catch (err) {
    console.error(`webhooks: the coalesced page.updated of page ${due.pageId} failed (attempt ${message.attempts})`, err);
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

/** Messages our consumer kept failing on (wrangler.toml max_retries): tell the owner, then drop them. */
async function deadLetter(message: Message<unknown>, env: Cloudflare.Env): Promise<void> {
  const due = PageUpdatedDueSchema.safeParse(message.body);
  if (due.success) {
    // A window's delayed page.updated that kept failing: no endpoint was sent anything for it. The
    // page's next edit opens the gate again (webhooks/coalesce.ts) and sends the page as it is then.
    console.error(`webhooks: the delayed page.updated of page ${due.data.pageId} was dead-lettered after ${message.attempts} attempts`);
    return message.ack();
  }
  const m = parse(message);
  if (!m) return;
  try {
    const error = "dropped: MeLinks could not process this message (internal errors); it will not be retried";
    await recordAttempt(env.DB, { webhookId: m.webhookId, msgId: m.msgId, type: m.type, attempt: message.attempts, at: new Date().toISOString(), ok: false, status: null, error, durationMs: 0 }, null);
    await finish(message, m, env);
  } catch (err) {
    console.error(`webhooks: recording dead-lettered ${m.msgId} for ${m.webhookId} failed`, err);
    message.retry();
  }
}

function parse(message: Message<unknown>): WebhookMessage | null {
  const parsed = WebhookMessageSchema.safeParse(message.body);
  if (parsed.success) return parsed.data;
  console.error(`webhooks: malformed queue message ${message.id} dropped`, parsed.error.issues);
  message.ack();
  return null;
}

async function finish(message: Message<unknown>, m: WebhookMessage, env: Cloudflare.Env): Promise<void> {
  if (m.body === undefined) await deletePayload(env.DB, m.msgId);
  message.ack();
}

function disableReason(attempt: number, last: AttemptResult): string {
  const why = last.error ?? `HTTP ${last.status}`;
  return attempt >= MAX_ATTEMPTS
    ? `Disabled after ${attempt} failed delivery attempts over about a day (last: ${why}). Fix the endpoint, then send a test event to re-enable it.`
    : `Disabled: ${why}. Change the URL by deleting this webhook and creating a new one.`;
}
