import { CLOSED_CSP } from "../../lib/csp";
import { Hono, type Context } from "hono";
import { createWebhook, WEBHOOK_PROBLEM } from "../../actions/create-webhook";
import { sendTestWebhook, TEST_WEBHOOK_PROBLEM } from "../../actions/send-test-webhook";
import { updatePage } from "../../actions/update-page";
import { deleteSubscriber } from "../../db/subscribers";
import { deleteWebhook } from "../../db/webhooks";
import type { AppEnv } from "../../env";
import { problemOf } from "../../lib/result";
import { callerKey } from "../../middleware/rate-limit";
import { EmailSignupSchema } from "../../schemas/page";
import { CreateWebhookSchema } from "../../schemas/webhooks";
import { webhooksAllowed, WEBHOOKS_PRO_ONLY } from "../../webhooks/policy";
import { ConfirmDeleteWebhook, ConfirmRemoveSubscriber } from "../../views/dashboard/confirm";
import { WebhookList } from "../../views/dashboard/pro-webhooks";
import { formString, refusalFieldErrors, zodFieldErrors } from "./forms";
import { currentUser } from "../../middleware/auth";
import { sendDashboard } from "./guard";
import { pageWebhooks } from "./pro-data";
import { proNotFound, proOwned, proPage, renderPro } from "./pro-render";

const FLASHES: Record<string, string> = {
  saved: "Saved. Your public page shows the signup form settings now.",
  removed: "The subscriber was removed: their address is deleted.",
  deleted: "The webhook was deleted, with its delivery log. Nothing more is sent to it.",
};

const base = (slug: string) => `/dashboard/pages/${slug}/pro`;
type Owned = ReturnType<typeof proOwned>;
/** A free page's add or test (its page offers neither): said plainly, nothing stored or sent. */
const notPro = (c: Context<AppEnv>, owned: Owned) =>
  renderPro(c, owned.row, owned.page, { flash: { kind: "error", text: WEBHOOKS_PRO_ONLY } }, 403);
/** A form field that may repeat (checkboxes), as strings. */
const many = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");

/**
 * /dashboard/pages/{slug}/pro: the email signup form, its subscribers and the page's webhooks. Plain
 * form posts (CSRF-checked by Origin) through the same actions and D1 calls as the JSON API. Both
 * the form and webhooks are Pro; a page back on Free still lists and removes what it has.
 */
export const proRoutes = new Hono<AppEnv>()
  .use("/pages/:slug/pro/*", proPage) // (matches /pages/:slug/pro itself too)
  .get("/pages/:slug/pro", async (c) => {
    const owned = proOwned(c);
    const key = Object.keys(FLASHES).find((k) => c.req.query(k) !== undefined);
    const tested = c.req.query("tested");
    const hook = c.req.query("hook");
    return renderPro(c, owned.row, owned.page, {
      flash: key ? { text: FLASHES[key]! } : undefined,
      tested: tested && hook ? { messageId: tested.slice(0, 64), webhookId: hook.slice(0, 64) } : undefined,
    });
  })
  .get("/pages/:slug/pro/webhooks/fragment", async (c) => {
    // The webhook list alone, re-fetched by dash-pro.js while a test event is on its way.
    const owned = proOwned(c);
    const webhooks = await pageWebhooks(c.env.DB, owned.row.id);
    const html = await WebhookList({ slug: owned.row.slug, webhooks, pro: webhooksAllowed(owned.page.plan) }).toString();
    return c.html(html, 200, { "content-security-policy": CLOSED_CSP });
  })
  .post("/pages/:slug/pro/signup", async (c) => {
    const owned = proOwned(c);
    const form = await c.req.parseBody();
    // Confirmation stays on unless "off" was chosen: a form without the field never switches it off.
    const values = { enabled: form.enabled === "on", heading: formString(form.heading), buttonText: formString(form.buttonText), confirm: form.confirm !== "off" };
    const parsed = EmailSignupSchema.safeParse(values);
    const signupForm = (errors: Record<string, string>) => ({ ...values, errors });
    if (!parsed.success) return renderPro(c, owned.row, owned.page, { signupForm: signupForm(zodFieldErrors(parsed.error)) }, 400);
    // Blank texts are left out, so the page shows its defaults ("Get updates from …", "Subscribe").
    const { enabled, heading, buttonText, confirm } = parsed.data;
    const emailSignup = { enabled, ...(heading ? { heading } : {}), ...(buttonText ? { buttonText } : {}), confirm: confirm !== false };
    const res = await updatePage(c.env, owned.row, { emailSignup }, {}, c.executionCtx);
    if (res.ok) return c.redirect(`${base(owned.row.slug)}?saved=1#signup`, 303);
    if (res.reason === "invalid") {
      // A free page: the DO refuses to switch the form on (docs/contract.md#privacy-promises: signups are Pro).
      const field = res.field.at(-1) === "enabled" ? "enabled" : String(res.field.at(-1));
      return renderPro(c, owned.row, owned.page, { signupForm: signupForm({ [field]: res.message }) }, 400);
    }
    return proNotFound(c);
  })
  .post("/pages/:slug/pro/subscribers/remove", async (c) => {
    const owned = proOwned(c);
    const form = await c.req.parseBody();
    const email = formString(form.email).trim().toLowerCase();
    const back = { before: formString(form.before), after: formString(form.after) };
    const backQuery = new URLSearchParams(Object.entries(back).filter(([, v]) => v)).toString();
    if (form.confirm !== "yes") {
      const cancelHref = `${base(owned.row.slug)}${backQuery ? `?${backQuery}` : ""}#subscribers`;
      return sendDashboard(c, ConfirmRemoveSubscriber({ email: currentUser(c).email, slug: owned.row.slug, subscriber: email, action: c.req.path, back, cancelHref }));
    }
    await deleteSubscriber(c.env.DB, owned.row.id, email); // already gone is fine: the owner wanted it gone
    return c.redirect(`${base(owned.row.slug)}?removed=1${backQuery ? `&${backQuery}` : ""}#flash`, 303); // the confirmation, in view
  })
  .post("/pages/:slug/pro/webhooks", async (c) => {
    const owned = proOwned(c);
    if (!webhooksAllowed(owned.page.plan)) return notPro(c, owned);
    const form = await c.req.parseBody({ all: true });
    const values = { url: formString(form.url).trim(), events: many(form.events) };
    const parsed = CreateWebhookSchema.safeParse(values);
    if (!parsed.success) return renderPro(c, owned.row, owned.page, { webhookForm: { ...values, errors: zodFieldErrors(parsed.error) } }, 400);
    const result = await createWebhook(c.env, { ...owned.row, plan: owned.page.plan }, parsed.data);
    // The secret is in this response only (never cached: sendDashboard says no-store), as with the API.
    if (result.ok) return renderPro(c, owned.row, owned.page, { newWebhook: result.created });
    if (result.reason === "not_pro") throw problemOf(result, WEBHOOK_PROBLEM);
    const errors = refusalFieldErrors(result, "url");
    return renderPro(c, owned.row, owned.page, { webhookForm: { ...values, errors } }, result.reason === "url_refused" ? 400 : 409);
  })
  .post("/pages/:slug/pro/webhooks/:id/test", async (c) => {
    const owned = proOwned(c);
    if (!webhooksAllowed(owned.page.plan)) return notPro(c, owned);
    const id = c.req.param("id");
    const result = await sendTestWebhook(c.env, { ...owned.row, plan: owned.page.plan }, id, await callerKey(c));
    if (result.ok) return c.redirect(`${base(owned.row.slug)}?tested=${encodeURIComponent(result.messageId)}&hook=${encodeURIComponent(id)}#wh-${id}`, 303);
    if (result.reason !== "no_such_webhook") throw problemOf(result, TEST_WEBHOOK_PROBLEM);
    return renderPro(c, owned.row, owned.page, { flash: { kind: "error", text: "This page has no such webhook (it may have been deleted)." } }, 404);
  })
  .post("/pages/:slug/pro/webhooks/:id/delete", async (c) => {
    const owned = proOwned(c);
    const id = c.req.param("id");
    const hook = (await pageWebhooks(c.env.DB, owned.row.id)).find((w) => w.id === id);
    if (!hook) return renderPro(c, owned.row, owned.page, { flash: { kind: "error", text: "This page has no such webhook (it may have been deleted already)." } }, 404);
    const form = await c.req.parseBody();
    if (form.confirm !== "yes") {
      const cancelHref = `${base(owned.row.slug)}#wh-${id}`;
      return sendDashboard(c, ConfirmDeleteWebhook({ email: currentUser(c).email, url: hook.url, action: c.req.path, cancelHref }));
    }
    await deleteWebhook(c.env.DB, owned.row.id, id);
    return c.redirect(`${base(owned.row.slug)}?deleted=1#flash`, 303);
  });
