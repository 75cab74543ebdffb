import { Hono, type Context } from "hono";
import { confirmSubscription, unsubscribe } from "../actions/signup-confirmation";
import { peekSignupToken } from "../db/subscriber-confirmations";
import type { AppEnv } from "../env";
import { sendPage } from "../lib/html";
import { ConfirmSignupPage, RemoveSignupPage, SignupConfirmedPage, SignupLinkDeadPage, SignupRemovedPage } from "../views/signup-pages";

const formToken = (v: unknown) => (typeof v === "string" ? v : "");

/** The token in these pages' addresses must reach no other site (Referer), and no cache keeps them. */
async function private_(res: Promise<Response>): Promise<Response> {
  const r = await res;
  r.headers.set("referrer-policy", "same-origin");
  r.headers.set("cache-control", "no-store");
  return r;
}

/** The token of a POST: our own button's form field, or the URL itself (RFC 8058 one-click POSTs to it). */
async function postedToken(c: Context<AppEnv>): Promise<string> {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return formToken((form as Record<string, unknown>).token) || (c.req.query("token") ?? "");
}

/**
 * The links in a signup confirmation mail (email/signup-confirm-mail.ts): confirm, and remove. GET only
 * shows a button — mail scanners open links — and the POST acts. No cookie is read or set here.
 */
export const signupPages = new Hono<AppEnv>()
  .get("/confirm", async (c) => {
    const token = c.req.query("token") ?? "";
    const seen = await peekSignupToken(c.env.DB, token);
    if (!seen.ok) return private_(sendPage(c, SignupLinkDeadPage({ reason: seen.reason }), 410));
    if (!seen.pending) return private_(sendPage(c, SignupConfirmedPage({ slug: seen.slug, token, already: true })));
    return private_(sendPage(c, ConfirmSignupPage({ email: seen.email, slug: seen.slug, token })));
  })
  .post("/confirm", async (c) => {
    const token = await postedToken(c);
    const r = await confirmSubscription(c.env, token, c.executionCtx);
    if (r.ok) return private_(sendPage(c, SignupConfirmedPage({ slug: r.slug, token })));
    if (r.reason === "already_confirmed") {
      const seen = await peekSignupToken(c.env.DB, token);
      if (seen.ok) return private_(sendPage(c, SignupConfirmedPage({ slug: seen.slug, token, already: true })));
      return private_(sendPage(c, SignupLinkDeadPage({ reason: "unknown" }), 410));
    }
    return private_(sendPage(c, SignupLinkDeadPage({ reason: r.reason }), 410));
  })
  .get("/remove", async (c) => {
    const token = c.req.query("token") ?? "";
    const seen = await peekSignupToken(c.env.DB, token);
    if (!seen.ok) return private_(sendPage(c, SignupRemovedPage()));
    return private_(sendPage(c, RemoveSignupPage({ email: seen.email, slug: seen.slug, token })));
  })
  .post("/remove", async (c) => {
    // RFC 8058: the POST alone removes the address; any outcome (removed now, or gone already) is 200.
    await unsubscribe(c.env, await postedToken(c));
    return private_(sendPage(c, SignupRemovedPage()));
  });
