// Sign in through the real browser flow: /login form → dev outbox → verify page → /dashboard.
import type { Page } from "playwright-core";

export const uniqueEmail = (prefix = "e2e") => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.com`;

/** The newest sign-in link mailed to `email`, from GET /dev/outbox (mail is sent in waitUntil: poll). */
export async function signInLink(baseUrl: string, email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const mails = (await (await fetch(`${baseUrl}/dev/outbox`)).json()) as { to: string; text: string }[];
    const mail = mails.find((m) => m.to === email);
    const token = mail?.text.match(/token=([A-Za-z0-9_-]+)/)?.[1];
    if (token) return `${baseUrl}/auth/verify?token=${token}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no sign-in mail to ${email} in the dev outbox`);
}

/** From wherever `page` is (a login form on screen), sign in as `email` and land on the dashboard. */
export async function signInThroughOutbox(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  await page.goto(await signInLink(baseUrl, email));
  await Promise.all([page.waitForURL(/\/dashboard/), page.getByRole("button", { name: `Sign in as ${email}` }).click()]);
}
