// Webhook policy in one place: who may have webhooks (Pro pages, docs/contract.md#accounts-sign-in-and-the-api)
// and the numbers that shape delivery (docs/storage.md#queue-melinks-webhooks-and-its-dead-letter-queue;
// Standard Webhooks "retry schedule").
import { linkPageStub } from "../link-page/stub";
import { AppError } from "../lib/errors";
import type { Plan } from "../schemas/page";

/**
 * May this page add endpoints, send test events and have events delivered? Only on Pro. Listing and
 * deleting are always allowed, so an owner who went back to Free still sees and removes what they set up.
 */
export const webhooksAllowed = (plan: Plan): boolean => plan === "pro";

export const WEBHOOKS_PRO_ONLY =
  "Webhooks are a Pro feature, and this page is on the Free plan: it can't add webhooks or send events. " +
  "Webhooks it already has can still be listed and deleted.";

/** Refuse (403) unless the page is pro. */
export function requireWebhooksPlan(plan: Plan): void {
  if (!webhooksAllowed(plan)) throw new AppError("forbidden", WEBHOOKS_PRO_ONLY);
}

/**
 * The page's plan as its Durable Object's copy holds it (docs/plans.md#who-reads-which): the one the
 * public page, analytics and signups use. D1 is the authority; the consumer checks it again on delivery.
 */
export async function pagePlan(env: Cloudflare.Env, slug: string): Promise<Plan> {
  const res = await linkPageStub(env, slug).get();
  return res?.page.plan ?? "free";
}

// Delivery.

/** Endpoints per page: each event costs one queue message and one outbound request per endpoint. */
export const MAX_WEBHOOKS_PER_PAGE = 10;
/**
 * page.updated is sent at once, then at most once per this many seconds per page: edits in between are
 * coalesced into one event carrying the page as it is at the window's end (./coalesce.ts), so a burst of
 * N edits can't become N × MAX_WEBHOOKS_PER_PAGE outbound requests (docs/limits.md#outbound-requests).
 */
export const PAGE_UPDATED_COALESCE_SECONDS = 10;
/** Delivery attempts per message kept for the owner to see (newest first). */
export const DELIVERIES_KEPT = 25;

/**
 * Attempts per message before we give up on it and disable the endpoint: 30 s, 2 m, 8 m, 32 m, ~2 h,
 * ~8.5 h, 12 h apart (×4 each time, capped at the 12 h Queues allows) — about a day of failing.
 */
export const MAX_ATTEMPTS = 8;
const FIRST_DELAY_S = 30;
const MAX_DELAY_S = 12 * 3600;

/** Seconds to wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(FIRST_DELAY_S * 4 ** Math.max(0, attempt - 1), MAX_DELAY_S);
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** WEBHOOK_TIMEOUT_MS from the environment (tests shorten it), else 10 s. */
export function deliveryTimeoutMs(setting: string | undefined): number {
  const ms = Number(setting);
  return Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_TIMEOUT_MS;
}

/** Queue messages are capped at 128 KB; a larger body waits in D1 (webhook_payloads) instead. */
export const MAX_INLINE_BODY_BYTES = 96 * 1024;

/** Must match wrangler.toml's [[queues.consumers]]. */
export const WEBHOOK_QUEUE_NAME = "melinks-webhooks";
export const WEBHOOK_DLQ_NAME = "melinks-webhooks-dlq";
