import type { Context } from "hono";
import { issueMagicLink, safeNext, withdrawMagicLink } from "../auth/magic-links";
import { sendMail } from "../email/mailer";
import { signInMail } from "../email/sign-in-mail";
import type { AppEnv } from "../env";
import { tryConsumeLimit } from "../lib/consume-limit";
import type { ErrorCode } from "../lib/errors";
import { refuse, type Result } from "../lib/result";
import { publicOrigin } from "../lib/origin";
import { clientKey } from "../middleware/rate-limit";

export type SignInRefusal = "rate_limited" | "mail_failed";
export const SIGN_IN_PROBLEM: Record<SignInRefusal, ErrorCode> = { rate_limited: "rate_limited", mail_failed: "unavailable" };

/**
 * Issue a sign-in link and mail it. The answer is the same whether or not an account exists (every
 * address gets a link, so waiting for the send tells nothing either). If the mail can't be sent —
 * Resend failing or not answering within MAIL_TIMEOUT_MS — the link is withdrawn, so no usable token
 * is left behind, and the person is told to try again ("mail_failed": 503). Limits (docs/limits.md#sign-in): per
 * client (Cloudflare's rate limiter, keyed by a hash of the address — never stored by us), and per
 * email address a cooldown, not a lock-out: while the inbox holds a recent working link, no new mail
 * is sent and the answer is the same (so it tells nobody that someone else asked).
 */
export async function requestSignIn(c: Context<AppEnv>, email: string, next: string | undefined): Promise<Result<object, SignInRefusal>> {
  const limit = await tryConsumeLimit(c.env, "sign-in", await clientKey(c));
  if (!limit.ok) return limit;
  const origin = publicOrigin(c);
  const issued = await issueMagicLink(c.env.DB, email, safeNext(next, origin));
  if (!issued.sent) return { ok: true };
  const link = `${origin}/auth/verify?token=${issued.token}`;
  try {
    await sendMail(c.env, await signInMail(email, link));
  } catch (err) {
    console.error("sign-in mail failed; withdrawing its link", err);
    await withdrawMagicLink(c.env.DB, email, issued.token, issued.sentAt);
    return refuse("mail_failed", "We couldn't send the sign-in email just now. Nothing was sent that works; please try again in a minute.", {
      "retry-after": "60",
    });
  }
  return { ok: true };
}
