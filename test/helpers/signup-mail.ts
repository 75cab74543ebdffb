import { expect } from "vitest";
import { call } from "./api";

export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
  headers?: Record<string, string>;
}

/** Every dev-outbox mail to `email`, newest first. */
export async function mailsTo(email: string): Promise<OutboxMail[]> {
  return ((await (await call("GET", "/dev/outbox")).json()) as OutboxMail[]).filter((m) => m.to === email);
}

/**
 * The newest signup-confirmation mail to `email` (sent in waitUntil after the reply: poll until
 * `count` of them are there) and the token its links carry.
 */
export async function confirmationMail(email: string, count = 1): Promise<OutboxMail & { token: string }> {
  for (let i = 0; i < 100; i++) {
    const mails = (await mailsTo(email)).filter((m) => m.subject.startsWith("Confirm your subscription"));
    if (mails.length >= count) return { ...mails[0]!, token: mails[0]!.text.match(/\/signup\/confirm\?token=([A-Za-z0-9_-]+)/)![1]! };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${count} confirmation mail(s) to ${email} in the dev outbox`);
}

/** Press the confirm page's button (a same-origin form POST). */
export function postConfirm(token: string) {
  return call("POST", "/signup/confirm", {
    rawBody: new URLSearchParams({ token }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
}

/** Sign up through the API and confirm from the mail, as a subscriber does with confirmation on. */
export async function signupConfirmed(slug: string, email: string): Promise<void> {
  const res = await call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email }, headers: { "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 250)}` } });
  expect(res.status).toBe(202);
  const { token } = await confirmationMail(email);
  expect((await postConfirm(token)).status).toBe(200);
}
