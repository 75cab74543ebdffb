import { findWebhook } from "../db/webhooks";
import type { ErrorCode } from "../lib/errors";
import { tryConsumeLimit } from "../lib/consume-limit";
import { refuse, type Result } from "../lib/result";
import type { Plan } from "../schemas/page";
import { TEST_EVENT } from "../schemas/webhooks";
import { enqueueDelivery, eventBody } from "../webhooks/emit";
import { WEBHOOKS_PRO_ONLY, webhooksAllowed } from "../webhooks/policy";

export type TestWebhookRefusal = "not_pro" | "no_such_webhook" | "rate_limited";
export const TEST_WEBHOOK_PROBLEM: Record<TestWebhookRefusal, ErrorCode> = { not_pro: "forbidden", no_such_webhook: "not_found", rate_limited: "rate_limited" };

/**
 * Queue a `webhook.test` event for one of the page's endpoints, active or disabled (a successful
 * delivery re-enables it). Pro pages only (nothing queued otherwise). Resolves to the message
 * id, which its delivery-log rows carry. Each test is a request we send to someone else's server, so
 * the caller's `webhook-test` limit counts it, from the API or the dashboard (docs/limits.md#webhook-test).
 */
export async function sendTestWebhook(
  env: Cloudflare.Env,
  page: { id: string; slug: string; plan: Plan },
  webhookId: string,
  caller: string,
): Promise<Result<{ messageId: string }, TestWebhookRefusal>> {
  if (!webhooksAllowed(page.plan)) return refuse("not_pro", WEBHOOKS_PRO_ONLY);
  const hook = await findWebhook(env.DB, page.id, webhookId);
  if (!hook) return refuse("no_such_webhook", "This page has no webhook with this id.");
  const limit = await tryConsumeLimit(env, "webhook-test", caller);
  if (!limit.ok) return limit;
  const body = eventBody(TEST_EVENT, { slug: page.slug, webhookId: hook.id, message: "A test event from MeLinks. It worked!" });
  return { ok: true, messageId: await enqueueDelivery(env, { webhookId: hook.id, pageId: page.id }, TEST_EVENT, body) };
}
