import { findPageBySlug } from "../db/pages";
import { addSubscriber } from "../db/subscribers";
import { linkPageStub } from "../env";
import { sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { announceIfPending, announceSignup } from "./announce-signup";

export type SubscribeResult = "created" | "exists";

/**
 * A visitor signs up on a page. Only pro pages with the form enabled collect anything (a free page
 * never stores an email). Limits per page and per client use Cloudflare's rate limiter with a
 * hashed key: no address is stored. A filled honeypot is treated as success and stored nowhere.
 */
export async function subscribe(
  env: Cloudflare.Env,
  rawSlug: string,
  email: string,
  opts: { client: string; honeypot?: string },
  ctx: { waitUntil(p: Promise<unknown>): void },
): Promise<SubscribeResult> {
  const slug = rawSlug.toLowerCase();
  const row = await findPageBySlug(env.DB, slug);
  const page = row && (await linkPageStub(env, slug).get());
  if (!row || !page || page.page.plan !== "pro" || !page.page.emailSignup.enabled) {
    throw new AppError("not_found", "This page has no email signup form.");
  }
  const [perClient, perPage] = await Promise.all([
    env.SIGNUP_LIMITER.limit({ key: await sha256Hex(`signup:${slug}:${opts.client}`) }),
    env.SIGNUP_PAGE_LIMITER.limit({ key: `signup-page:${row.id}` }),
  ]);
  if (!perClient.success || !perPage.success) {
    throw new AppError("rate_limited", "Too many signups right now. Please try again in a minute.", { headers: { "retry-after": "60" } });
  }
  if (opts.honeypot) return "created";
  const now = new Date().toISOString();
  const created = await addSubscriber(env.DB, row.id, email, now);
  const plan = page.page.plan;
  // Stored unannounced; announced after the reply. An earlier try whose reply was lost is announced
  // by this one (announce-signup.ts).
  if (created) ctx.waitUntil(announceSignup(env, { page_id: row.id, slug, email, created_at: now }, plan));
  else ctx.waitUntil(announceIfPending(env, row.id, email, plan));
  return created ? "created" : "exists";
}
