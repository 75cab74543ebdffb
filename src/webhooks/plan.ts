// Webhooks are a Pro feature (docs/contract.md#accounts-sign-in-and-the-api): the one rule, and where a page's plan comes from.
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
