// Sending mail: through Resend when RESEND_API_KEY is set (the only mail processor we use, docs/contract.md#privacy-promises),
// else into the development outbox. Production without a key logs and drops: never a silent success.
import { Resend } from "resend";
import type { Mail } from "./mail";
import { keepInOutbox } from "./outbox";

export type { Mail };

export class MailError extends Error {}

/** How long Resend may take to accept a message before we give up on it (MAIL_TIMEOUT_MS overrides). */
const DEFAULT_TIMEOUT_MS = 10_000;

export async function sendMail(env: Cloudflare.Env, mail: Mail): Promise<void> {
  if (env.RESEND_API_KEY) {
    // The SDK reads process.env for its base URL, which is not the Worker env: pass it explicitly.
    const resend = new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
    const ms = Number(env.MAIL_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // At the timeout the request is also cancelled: a Resend that is only slow then does not go on
    // to send a mail whose link the caller has already withdrawn (unless it had accepted it).
    const abort = new AbortController();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new MailError(`Resend did not answer within ${ms} ms`));
      }, ms);
    });
    try {
      const send = resend.emails.send(
        { from: env.EMAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, ...(mail.headers ? { headers: mail.headers } : {}) },
        { signal: abort.signal },
      );
      const { error } = await Promise.race([send, timeout]);
      if (error) throw new MailError(`Resend refused the message: ${error.name}: ${error.message}`);
    } finally {
      clearTimeout(timer);
    }
    return;
  }
  if (env.ENVIRONMENT === "development") return keepInOutbox(env.SESSIONS, mail);
  throw new MailError("No RESEND_API_KEY is configured, so mail cannot be sent.");
}
