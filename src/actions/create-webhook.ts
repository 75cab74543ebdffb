import { insertWebhook } from "../db/webhooks";
import { randomBase64url } from "../lib/crypto";
import { AppError, fieldError, toFieldError } from "../lib/errors";
import type { Plan } from "../schemas/page";
import type { WebhookEvent } from "../schemas/webhooks";
import { requireWebhooksPlan } from "../webhooks/plan";
import { MAX_WEBHOOKS_PER_PAGE } from "../webhooks/policy";
import { newWebhookSecret } from "../webhooks/sign";
import { checkWebhookUrl, urlRefusalMessage } from "../webhooks/url-rules";

export interface NewWebhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  /** `whsec_…`: returned here once, to be shown once (the API response or the dashboard page). */
  secret: string;
  createdAt: string;
}

/**
 * Add a webhook endpoint to a page (API and dashboard). Pro pages only (403 otherwise, nothing
 * stored). The URL rules depend on the environment (https only in production, no private
 * addresses); a full page is refused with a conflict.
 */
export async function createWebhook(
  env: Cloudflare.Env,
  page: { id: string; plan: Plan },
  input: { url: string; events: WebhookEvent[] },
): Promise<NewWebhook> {
  requireWebhooksPlan(page.plan);
  const url = checkWebhookUrl(input.url, env.ENVIRONMENT);
  if (!url.ok) throw fieldError(["url"], urlRefusalMessage(url.reason));
  const row = {
    id: "wh_" + randomBase64url(12),
    page_id: page.id,
    url: url.url,
    events: JSON.stringify(input.events),
    secret: newWebhookSecret(),
    created_at: new Date().toISOString(),
    disabled_at: null,
    disabled_reason: null,
  };
  const added = await insertWebhook(env.DB, row);
  if (added === "duplicate") {
    throw new AppError("conflict", "url: this page already has a webhook for this URL", { errors: [toFieldError(["url"], "this page already has a webhook for this URL")] });
  }
  if (added === "full") throw new AppError("conflict", `A page can have at most ${MAX_WEBHOOKS_PER_PAGE} webhooks. Delete one first.`);
  return { id: row.id, url: row.url, events: input.events, secret: row.secret, createdAt: row.created_at };
}
