import { insertWebhook } from "../db/webhooks";
import { randomBase64url } from "../lib/crypto";
import { AppError, fieldError, toFieldError, type ErrorCode } from "../lib/errors";
import { refusalOf, refuse, type Result } from "../lib/result";
import type { Plan } from "../schemas/page";
import type { WebhookEvent } from "../schemas/webhooks";
import { MAX_WEBHOOKS_PER_PAGE, WEBHOOKS_PRO_ONLY, webhooksAllowed } from "../webhooks/policy";
import { newWebhookSecret } from "../webhooks/deliver";
import { checkWebhookUrl, urlRefusalMessage } from "../webhooks/url-rules";

export interface NewWebhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  /** `whsec_…`: returned here once, to be shown once (the API response or the dashboard page). */
  secret: string;
  createdAt: string;
}

export type WebhookRefusal = "not_pro" | "url_refused" | "duplicate_url" | "page_full";
export const WEBHOOK_PROBLEM: Record<WebhookRefusal, ErrorCode> = {
  not_pro: "forbidden",
  url_refused: "validation_failed",
  duplicate_url: "conflict",
  page_full: "conflict",
};

/**
 * Add a webhook endpoint to a page (API and dashboard). Pro pages only (nothing stored otherwise).
 * The URL rules depend on the environment (https only in production, no private addresses). Every
 * refusal names its field in `errors` where it has one (the url), for the problem and the form alike.
 */
export async function createWebhook(
  env: Cloudflare.Env,
  page: { id: string; plan: Plan },
  input: { url: string; events: WebhookEvent[] },
): Promise<Result<{ created: NewWebhook }, WebhookRefusal>> {
  if (!webhooksAllowed(page.plan)) return refuse("not_pro", WEBHOOKS_PRO_ONLY);
  const url = checkWebhookUrl(input.url, env.ENVIRONMENT);
  if (!url.ok) return refusalOf("url_refused", fieldError(["url"], urlRefusalMessage(url.reason)));
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
    const errors = [toFieldError(["url"], "this page already has a webhook for this URL")];
    return refusalOf("duplicate_url", new AppError("conflict", "url: this page already has a webhook for this URL", { errors }));
  }
  if (added === "full") return refuse("page_full", `A page can have at most ${MAX_WEBHOOKS_PER_PAGE} webhooks. Delete one first.`);
  return { ok: true, created: { id: row.id, url: row.url, events: input.events, secret: row.secret, createdAt: row.created_at } };
}
