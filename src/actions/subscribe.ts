import { requestConfirmation, withdrawConfirmationMail } from "../db/subscriber-confirmations";
import { findPageBySlug } from "../db/pages";
import { addSubscriber } from "../db/subscribers";
import { sendMail } from "../email/mailer";
import { signupConfirmMail, signupLinks } from "../email/signup-confirm-mail";
import { linkPageStub } from "../link-page/stub";
import { randomBase64url, sha256Hex } from "../lib/crypto";
import type { ErrorCode } from "../lib/errors";
import { refuse, type Result } from "../lib/result";
import { confirmsSignups } from "../schemas/page";
import { announceIfPending, announceSignup } from "./announce-signup";

export type SignupRefusal = "no_form" | "rate_limited";
export const SIGNUP_PROBLEM: Record<SignupRefusal, ErrorCode> = { no_form: "not_found", rate_limited: "rate_limited" };

/**
 * A visitor signs up on a page. Only pro pages with the form enabled collect anything (a free page
 * never stores an email). Limits per page and per client use Cloudflare's rate limiter with a
 * hashed key: no address is stored. A filled honeypot is treated as success and stored nowhere.
 *
 * The caller learns nothing about the address (docs/storage.md#subscribers--email-signups-0004): the answer is the same
 * for a new, pending or listed address, each takes the same single D1 round trip, and any mail or
 * webhook goes out after the reply (waitUntil). With confirmation on (the default) the address waits,
 * pending, for its owner to confirm it from our mail; with it off it is listed and announced at once.
 * Refused (SIGNUP_PROBLEM for the API): a page without a form, or too many signups.
 */
export async function subscribe(
  env: Cloudflare.Env,
  rawSlug: string,
  email: string,
  opts: { client: string; honeypot?: string; origin: string },
  ctx: { waitUntil(p: Promise<unknown>): void },
): Promise<Result<object, SignupRefusal>> {
  const slug = rawSlug.toLowerCase();
  const row = await findPageBySlug(env.DB, slug);
  const page = row && (await linkPageStub(env, slug).get());
  if (!row || !page || page.page.plan !== "pro" || !page.page.emailSignup.enabled) {
    return refuse("no_form", "This page has no email signup form.");
  }
  const [perClient, perPage] = await Promise.all([
    env.SIGNUP_LIMITER.limit({ key: await sha256Hex(`signup:${slug}:${opts.client}`) }),
    env.SIGNUP_PAGE_LIMITER.limit({ key: `signup-page:${row.id}` }),
  ]);
  if (!perClient.success || !perPage.success) {
    return refuse("rate_limited", "Too many signups right now. Please try again in a minute.", { "retry-after": "60" });
  }
  if (opts.honeypot) return { ok: true };
  const plan = page.page.plan;
  if (confirmsSignups(page.page.emailSignup)) {
    const token = randomBase64url(32);
    if (await requestConfirmation(env.DB, row.id, email, token)) {
      const mail = signupConfirmMail(email, { displayName: page.page.displayName, address: `${opts.origin}/${slug}` }, signupLinks(opts.origin, token));
      ctx.waitUntil(
        mail
          .then((m) => sendMail(env, m))
          .catch(async (err) => {
            console.error(`signups: the confirmation mail for a signup on ${slug} failed; its token is withdrawn`, err);
            await withdrawConfirmationMail(env.DB, token).catch(() => {});
          }),
      );
    } else ctx.waitUntil(announceIfPending(env, row.id, email, plan));
    return { ok: true };
  }
  const listedAt = await addSubscriber(env.DB, row.id, email, new Date().toISOString());
  // Stored unannounced; announced after the reply. An earlier try whose reply was lost is announced
  // by this one (announce-signup.ts).
  if (listedAt) ctx.waitUntil(announceSignup(env, { page_id: row.id, slug, email, created_at: listedAt }, plan));
  else ctx.waitUntil(announceIfPending(env, row.id, email, plan));
  return { ok: true };
}
