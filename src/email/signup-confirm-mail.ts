import { html } from "hono/html";
import { UNCONFIRMED_SIGNUP_TTL_DAYS } from "../lib/policy";
import type { Mail } from "./mail";

/** Where a signup mail's token leads: the confirm page, and the removal page (also RFC 8058's target). */
export function signupLinks(origin: string, token: string): { confirm: string; remove: string } {
  const t = encodeURIComponent(token);
  return { confirm: `${origin}/signup/confirm?token=${t}`, remove: `${origin}/signup/remove?token=${t}` };
}

/**
 * RFC 8058 one-click removal: mail clients show an "Unsubscribe" button that POSTs
 * `List-Unsubscribe=One-Click` to the https URL, with no other step (docs/storage.md#subscribers--email-signups-0004).
 */
export function listUnsubscribeHeaders(removeUrl: string): Record<string, string> {
  return { "List-Unsubscribe": `<${removeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** Display names are one line already (schemas), but a header must never carry a line break. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").slice(0, 80);

/**
 * The double opt-in mail: plain text and simple HTML, no images, no tracking, every value escaped.
 * It says who asked (a page), what confirming does, that ignoring it is enough, and how to leave.
 */
export async function signupConfirmMail(to: string, page: { displayName: string; address: string }, links: { confirm: string; remove: string }): Promise<Mail> {
  const who = oneLine(page.displayName);
  const text = [
    `Confirm your subscription to ${who}`,
    "",
    `Someone — hopefully you — asked to get updates from ${who} (${page.address}) at ${to}.`,
    "To confirm, open this link and press the button:",
    links.confirm,
    "",
    `If it wasn't you, ignore this email: the address is deleted in ${UNCONFIRMED_SIGNUP_TTL_DAYS} days and never shared.`,
    `Remove it now instead: ${links.remove}`,
  ].join("\n");
  const body = html`<!doctype html>
<html lang="en"><body style="font-family:system-ui,sans-serif;color:#1f2328;line-height:1.5">
<h1 style="font-size:20px">Confirm your subscription to ${who}</h1>
<p>Someone — hopefully you — asked to get updates from ${who} (${page.address}) at <strong>${to}</strong>.</p>
<p><a href="${links.confirm}" style="display:inline-block;padding:10px 16px;background:#0b57d0;color:#ffffff;border-radius:8px;text-decoration:none">Confirm my subscription</a></p>
<p style="font-size:14px;color:#57606a">Or paste this address into your browser: ${links.confirm}</p>
<p style="font-size:14px;color:#57606a">If it wasn't you, ignore this email: the address is deleted in ${UNCONFIRMED_SIGNUP_TTL_DAYS} days and never shared. <a href="${links.remove}">Remove it now</a>.</p>
</body></html>`;
  return { to, subject: `Confirm your subscription to ${who}`, text, html: (await body).toString(), headers: listUnsubscribeHeaders(links.remove) };
}
