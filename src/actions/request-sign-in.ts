import type { Context } from "hono";
import { issueMagicLink, safeNext, withdrawMagicLink } from "../auth/magic-links";
import { sendMail } from "../email/mailer";
import { signInMail } from "../email/sign-in-mail";
import type { AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { publicOrigin } from "../lib/origin";

/**
 * Issue a sign-in link and mail it. The answer is the same whether or not an account exists (every
 * address gets a link, so waiting for the send tells nothing either). If the mail can't be sent —
 * Resend failing or not answering within MAIL_TIMEOUT_MS — the link is withdrawn, so no usable token
 * is left behind, and the person is told to try again (503). Limits: per client (Cloudflare's rate
 * limiter, keyed by a hash of the address — never stored by us) and per email address.
 */
export async function requestSignIn(c: Context<AppEnv>, email: string, next: string | undefined): Promise<void> {
  const client = c.req.header("cf-connecting-ip") ?? "local";
  const { success } = await c.env.AUTH_LIMITER.limit({ key: await sha256Hex(`sign-in:${client}`) });
  if (!success) throw new AppError("rate_limited", "Too many sign-in requests from here. Try again in a minute.", { headers: { "retry-after": "60" } });
  const origin = publicOrigin(c);
  const issued = await issueMagicLink(c.env.DB, email, safeNext(next, origin));
  if (!issued.ok) {
    throw new AppError("rate_limited", "Too many sign-in links for this address. Use the newest one, or try again later.", {
      headers: { "retry-after": String(issued.retryAfterS) },
    });
  }
  const link = `${origin}/auth/verify?token=${issued.token}`;
  try {
    await sendMail(c.env, await signInMail(email, link));
  } catch (err) {
    console.error("sign-in mail failed; withdrawing its link", err);
    await withdrawMagicLink(c.env.DB, email, issued.token, issued.sentAt);
    throw new AppError("unavailable", "We couldn't send the sign-in email just now. Nothing was sent that works; please try again in a minute.", {
      headers: { "retry-after": "60" },
    });
  }
}
