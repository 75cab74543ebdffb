import { html } from "hono/html";
import { MAGIC_LINK_TTL_MINUTES } from "../lib/policy";
import type { Mail } from "./mail";

/** The sign-in email: plain text and simple HTML, no images, no tracking, every value escaped. */
export async function signInMail(to: string, link: string): Promise<Mail> {
  const text = [
    "Sign in to MeLinks",
    "",
    `Open this link to sign in as ${to}:`,
    link,
    "",
    `It works once and expires in ${MAGIC_LINK_TTL_MINUTES} minutes. If you didn't ask for it, ignore this email — nothing happens.`,
  ].join("\n");
  const body = html`<!doctype html>
<html lang="en"><body style="font-family:system-ui,sans-serif;color:#1f2328;line-height:1.5">
<h1 style="font-size:20px">Sign in to MeLinks</h1>
<p>Open this link to sign in as <strong>${to}</strong>:</p>
<p><a href="${link}" style="display:inline-block;padding:10px 16px;background:#0b57d0;color:#ffffff;border-radius:8px;text-decoration:none">Sign in to MeLinks</a></p>
<p style="font-size:14px;color:#57606a">Or paste this address into your browser: ${link}</p>
<p style="font-size:14px;color:#57606a">It works once and expires in ${MAGIC_LINK_TTL_MINUTES} minutes. If you didn't ask for it, ignore this email — nothing happens.</p>
</body></html>`;
  return { to, subject: "Your MeLinks sign-in link", text, html: (await body).toString() };
}
