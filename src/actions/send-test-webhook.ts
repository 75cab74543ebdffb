import { findWebhook } from "../db/webhooks";
import { AppError } from "../lib/errors";
import { consumeLimit } from "../lib/consume-limit";
import type { Plan } from "../schemas/page";
import { TEST_EVENT } from "../schemas/webhooks";
import { enqueueDelivery, eventBody } from "../webhooks/emit";
import { requireWebhooksPlan } from "../webhooks/plan";

/**
 * Queue a `webhook.test` event for one of the page's endpoints, active or disabled (a successful
 * delivery re-enables it). Pro pages only (403 otherwise, nothing queued). Resolves to the message
 * id, which its delivery-log rows carry. Each test is a request we send to someone else's server, so
 * the caller's `webhook-test` limit counts it, from the API or the dashboard (docs/limits.md#webhook-test).
 */
export async function sendTestWebhook(env: Cloudflare.Env, page: { id: string; slug: string; plan: Plan }, webhookId: string, caller: string): Promise<string> {
  requireWebhooksPlan(page.plan);
  const hook = await findWebhook(env.DB, page.id, webhookId);
  if (!hook) throw new AppError("not_found", "This page has no webhook with this id.");
  await consumeLimit(env, "webhook-test", caller);
  const body = eventBody(TEST_EVENT, { slug: page.slug, webhookId: hook.id, message: "A test event from MeLinks. It worked!" });
  return enqueueDelivery(env, { webhookId: hook.id, pageId: page.id }, TEST_EVENT, body);
}
