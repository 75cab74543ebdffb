// Sending mail: through Resend when RESEND_API_KEY is set (the only mail processor we use, SPEC §1),
// else into the development outbox. Production without a key logs and drops: never a silent success.
import { Resend } from "resend";
import { keepInOutbox } from "./outbox";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export class MailError extends Error {}

export async function sendMail(env: Cloudflare.Env, mail: Mail): Promise<void> {
  if (env.RESEND_API_KEY) {
    // The SDK reads process.env for its base URL, which is not the Worker env: pass it explicitly.
    const resend = new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
    const { error } = await resend.emails.send({ from: env.EMAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    if (error) throw new MailError(`Resend refused the message: ${error.name}: ${error.message}`);
    return;
  }
  if (env.ENVIRONMENT === "development") return keepInOutbox(env.SESSIONS, mail);
  throw new MailError("No RESEND_API_KEY is configured, so mail cannot be sent.");
}
