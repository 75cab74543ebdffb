// Double opt-in in the browser: the confirmation link mailed to a subscriber, from GET /dev/outbox.
import type { Page } from "playwright-core";

/** The newest signup-confirmation link mailed to `email` (mail is sent in waitUntil: poll). */
export async function confirmLink(baseUrl: string, email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const mails = (await (await fetch(`${baseUrl}/dev/outbox`)).json()) as { to: string; subject: string; text: string }[];
    const mail = mails.find((m) => m.to === email && m.subject.startsWith("Confirm your subscription"));
    const token = mail?.text.match(/\/signup\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
    if (token) return `${baseUrl}/signup/confirm?token=${token}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation mail to ${email} in the dev outbox`);
}

/** As the subscriber: open the mail's link and press its button. */
export async function confirmFromMail(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(await confirmLink(baseUrl, email));
  await page.getByRole("button", { name: "Confirm my subscription" }).click();
  await page.getByRole("heading", { name: "You're subscribed" }).waitFor();
}
