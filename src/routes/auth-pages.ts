import { Hono, type Context } from "hono";
import { requestSignIn } from "../actions/request-sign-in";
import { consumeMagicLink, peekMagicLink, safeNext } from "../auth/magic-links";
import { createSession, sessionCookie } from "../auth/sessions";
import { upsertUserByEmail } from "../db/users";
import type { AppEnv } from "../env";
import { fromAnotherSite, sameOriginForm } from "../middleware/csrf";
import { sendPage, withHeaders } from "../lib/html";
import { isLocalDevRequest, publicOrigin } from "../lib/origin";
import { EmailSchema } from "../schemas/account";
import { CheckEmailPage, ConfirmSignInPage, LinkExpiredPage, LoginPage, SignInRefusedPage } from "../views/auth-pages";

const formString = (v: unknown) => (typeof v === "string" ? v : undefined);

/**
 * The token in this page's address must not leak through Referer to anyone else (docs/contract.md#privacy-promises):
 * `same-origin` sends it to no other site, and keeps a real `Origin` on the page's own form post
 * (with `no-referrer` browsers send `Origin: null`, which browsers without Sec-Fetch-Site would
 * then have refused as cross-site).
 */
async function noReferrer(c: Context<AppEnv>, res: Promise<Response>): Promise<Response> {
  const r = await res;
  r.headers.set("referrer-policy", "same-origin");
  r.headers.set("cache-control", "no-store");
  return r;
}

/** Browser sign-in: the login form, and the two-step verify page that mail scanners can't trigger. */
const signedOutNote = (q: string | undefined) => (q === "all" ? ("everywhere" as const) : q !== undefined ? ("here" as const) : undefined);

export const authPages = new Hono<AppEnv>()
  .get("/login", (c) =>
    sendPage(c, LoginPage({ next: safeNext(c.req.query("next"), publicOrigin(c)) ?? undefined, signedOut: signedOutNote(c.req.query("signedout")) })),
  )
  .post("/login", sameOriginForm, async (c) => {
    const form = await c.req.parseBody();
    // Only a canonical same-origin path (safeNext) is ever put back into the form or mailed on.
    const next = safeNext(formString(form.next), publicOrigin(c)) ?? undefined;
    const parsed = EmailSchema.safeParse(formString(form.email) ?? "");
    if (!parsed.success) {
      // What was typed goes back into the field, clipped to the field's own length (254): no page reflects an unbounded input.
      return sendPage(c, LoginPage({ next, email: formString(form.email)?.slice(0, 254), error: "Please enter a valid email address." }), 400);
    }
    const sent = await requestSignIn(c, parsed.data, next);
    if (!sent.ok) {
      // Too many requests, or the mail could not be sent (its link was withdrawn): say so on the form.
      const status = sent.reason === "rate_limited" ? 429 : 503;
      return withHeaders(await sendPage(c, LoginPage({ next, email: parsed.data, error: sent.detail }), status), sent.headers);
    }
    return sendPage(c, CheckEmailPage({ email: parsed.data, devOutbox: isLocalDevRequest(c) && !c.env.RESEND_API_KEY }));
  })
  .get("/auth/verify", async (c) => {
    const token = c.req.query("token") ?? "";
    const check = await peekMagicLink(c.env.DB, token);
    if (!check.ok) return noReferrer(c, sendPage(c, LinkExpiredPage({ reason: check.reason }), 410));
    return noReferrer(c, sendPage(c, ConfirmSignInPage({ email: check.email, token, next: check.next ?? undefined })));
  })
  .post("/auth/verify", async (c) => {
    // Login CSRF: another site must not sign this browser into an account of its choosing (with a
    // link it requested for itself), so the confirmation must come from our own page — cookie or not.
    if (fromAnotherSite(c)) return sendPage(c, SignInRefusedPage(), 403);
    const form = await c.req.parseBody();
    const check = await consumeMagicLink(c.env.DB, formString(form.token) ?? "");
    if (!check.ok) return noReferrer(c, sendPage(c, LinkExpiredPage({ reason: check.reason }), 410));
    const user = await upsertUserByEmail(c.env.DB, check.email);
    const sessionId = await createSession(c.env.SESSIONS, user.id);
    const to = safeNext(check.next, publicOrigin(c)) ?? "/dashboard";
    return c.body(null, 303, { location: to, "set-cookie": sessionCookie(c.req.url, sessionId), "cache-control": "no-store", "referrer-policy": "no-referrer" });
  });
