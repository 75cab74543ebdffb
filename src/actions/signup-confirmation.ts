// The subscriber's side of double opt-in (docs/storage.md#subscribers--email-signups-0004): confirming from the mail —
// only then is the address listed and subscriber.created announced — removing it in one click, and
// the cron's purge of signups nobody confirmed.
import { confirmSignup, purgeUnconfirmed, removeByToken, type ConfirmResult } from "../db/subscriber-confirmations";
import { pagePlan } from "../webhooks/policy";
import { announceSignup } from "./announce-signup";

/** Confirm; on success announce after the reply (a lost announcement is the sweep's, as for any signup). */
export async function confirmSubscription(env: Cloudflare.Env, token: string, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<ConfirmResult> {
  const r = await confirmSignup(env.DB, token);
  if (r.ok) {
    ctx.waitUntil(
      pagePlan(env, r.slug)
        .then((plan) => announceSignup(env, { page_id: r.pageId, slug: r.slug, email: r.email, created_at: r.createdAt }, plan))
        .catch((err) => console.error(`signups: announcing a confirmation on ${r.slug} failed; the sweep will retry`, err)),
    );
  }
  return r;
}

/** One-click removal: true when the address was on the page's list (pending or confirmed). */
export function unsubscribe(env: Cloudflare.Env, token: string): Promise<boolean> {
  return removeByToken(env.DB, token);
}

/** The cron: delete signups still unconfirmed after their 7 days. Returns how many. */
export function purgeUnconfirmedSignups(env: Cloudflare.Env, now = Date.now()): Promise<number> {
  return purgeUnconfirmed(env.DB, now);
}
