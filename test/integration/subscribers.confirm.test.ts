// Double opt-in (docs/storage.md#subscribers): a signup reveals nothing about the address, waits for
// its owner's confirmation before it is listed, exported or announced, carries one-click removal in
// every mail, and is purged after 7 days unconfirmed.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { announcePendingSignups, SWEEP_AFTER_MS } from "../../src/actions/announce-signup";
import { purgeUnconfirmedSignups } from "../../src/actions/signup-confirmation";
import { app } from "../../src/app";
import { confirmSignup, requestConfirmation } from "../../src/db/subscriber-confirmations";
import { sha256Hex } from "../../src/lib/crypto";
import { CONFIRM_MAIL_INTERVAL_MINUTES, CONFIRM_MAILS_PER_SIGNUP, UNCONFIRMED_SIGNUP_TTL_DAYS } from "../../src/lib/policy";
import worker from "../../src/index";
import { call, json } from "../helpers/api";
import { proPageWithSignup } from "../helpers/pro-page";
import { confirmationMail, mailsTo, postConfirm } from "../helpers/signup-mail";
import { pageIdOf } from "../helpers/storage";
import { capturingQueue } from "../helpers/webhook-queue";
import { fakeEndpoint } from "../helpers/webhook-fake";

const DAY_MS = 86_400_000;
let n = 0;
const uniqueAddress = (p: string) => `${p}-${Date.now().toString(36)}-${n++}@example.com`;

/** The app with some bindings replaced, waiting for its waitUntil work (mail, webhooks) to finish. */
async function appFetch(overrides: Partial<Cloudflare.Env>, req: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
const signupReq = (slug: string, email: string) =>
  new Request(`http://localhost/api/v1/pages/${slug}/subscribers`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `192.0.2.${n++ % 250}` },
    body: JSON.stringify({ email }),
  });
const formReq = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(fields).toString(), redirect: "manual" });

const listed = async (slug: string, owner: { headers: Record<string, string> }) =>
  ((await json(await call("GET", `/api/v1/pages/${slug}/subscribers`, { headers: owner.headers }))).subscribers as { email: string }[]).map((s) => s.email);
const signupEvents = (sent: unknown[], email: string) =>
  (sent as { type: string; body?: string }[]).filter((m) => m.type === "subscriber.created" && JSON.parse(m.body!).data.email === email);

async function pageWithHook(opts: { confirm?: boolean } = {}) {
  const p = await proPageWithSignup(opts);
  const res = await call("POST", `/api/v1/pages/${p.slug}/webhooks`, { headers: p.owner.headers, body: { url: fakeEndpoint().url, events: ["subscriber.created"] } });
  expect(res.status).toBe(201);
  return p;
}

describe("a signup reveals nothing about the address", () => {
  it("answers new, pending and listed addresses alike: status, body and headers", async () => {
    const { slug } = await proPageWithSignup();
    const email = uniqueAddress("same");
    const answers: { status: number; body: string; headers: [string, string][] }[] = [];
    const record = async (res: Response) => answers.push({ status: res.status, body: await res.text(), headers: [...res.headers] });
    await record(await appFetch({}, signupReq(slug, email))); // new
    await record(await appFetch({}, signupReq(slug, email))); // pending, no new mail yet
    expect((await postConfirm((await confirmationMail(email)).token)).status).toBe(200);
    await record(await appFetch({}, signupReq(slug, email))); // listed
    expect(answers[0]).toEqual({ status: 202, body: JSON.stringify({ ok: true }), headers: expect.any(Array) });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // One mail in all: none for the repeat within the interval, none for an address already listed.
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it("the form lands on the same page for every state", async () => {
    const { slug } = await proPageWithSignup();
    const email = uniqueAddress("form");
    const locations = [];
    for (let i = 0; i < 2; i++) locations.push((await appFetch({}, formReq(`/${slug}/subscribe`, { email }, { "cf-connecting-ip": "192.0.2.77" }))).headers.get("location"));
    await postConfirm((await confirmationMail(email)).token);
    locations.push((await appFetch({}, formReq(`/${slug}/subscribe`, { email }, { "cf-connecting-ip": "192.0.2.78" }))).headers.get("location"));
    expect(locations).toEqual(Array(3).fill(`/${slug}?signup=subscribed#signup`));
  });
});

describe("confirmation", () => {
  it("nothing is listed, exported or announced before confirmation; confirming lists it and fires subscriber.created once", async () => {
    const { slug, owner } = await pageWithHook();
    const email = uniqueAddress("wait");
    const spy = capturingQueue();
    expect((await appFetch({ WEBHOOK_QUEUE: spy.queue }, signupReq(slug, email))).status).toBe(202);
    expect(await listed(slug, owner)).toEqual([]);
    expect(await (await call("GET", `/api/v1/pages/${slug}/subscribers?format=csv`, { headers: owner.headers })).text()).not.toContain(email);
    expect((await json(await call("GET", `/api/v1/pages/${slug}/export`, { headers: owner.headers }))).subscribers).toEqual([]);
    const cron = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: "*/10 * * * *" }), { ...env, WEBHOOK_QUEUE: spy.queue }, cron);
    await waitOnExecutionContext(cron);
    await announcePendingSignups({ ...env, WEBHOOK_QUEUE: spy.queue }, Date.now() + SWEEP_AFTER_MS + 60_000); // the sweep, later
    expect(signupEvents(spy.sent, email)).toEqual([]);
    // The dashboard counts and lists listed addresses only.
    expect(await (await call("GET", `/dashboard/pages/${slug}/pro`, { headers: owner.headers })).text()).not.toContain(email);

    const { token } = await confirmationMail(email);
    // Opening the link (as a mail scanner does) shows a button and changes nothing.
    const page = await call("GET", `/signup/confirm?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.headers.get("set-cookie")).toBeNull();
    expect(await page.text()).toContain('action="/signup/confirm"');
    expect(await listed(slug, owner)).toEqual([]);

    const confirmed = await appFetch({ WEBHOOK_QUEUE: spy.queue }, formReq("/signup/confirm", { token }, { origin: "http://localhost" }));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toMatch(/You(&#39;|')re subscribed/);
    expect(await listed(slug, owner)).toEqual([email]);
    const events = signupEvents(spy.sent, email);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.body!).data).toEqual({ slug, email, createdAt: expect.any(String) });
    expect((await json(await call("GET", `/api/v1/pages/${slug}/export`, { headers: owner.headers }))).subscribers).toEqual([
      { email, createdAt: expect.any(String), confirmedAt: expect.any(String) },
    ]);

    // Twice: nothing more happens, and nothing is announced again.
    const again = await appFetch({ WEBHOOK_QUEUE: spy.queue }, formReq("/signup/confirm", { token }, { origin: "http://localhost" }));
    expect(await again.text()).toContain("already on the list");
    expect(signupEvents(spy.sent, email)).toHaveLength(1);
  });

  it("an expired link does not confirm (moved clock), nor does a made-up one", async () => {
    const { slug, owner } = await proPageWithSignup();
    const email = uniqueAddress("late");
    await call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email }, headers: { "cf-connecting-ip": "192.0.2.9" } });
    const { token } = await confirmationMail(email);
    expect(await confirmSignup(env.DB, token, Date.now() + UNCONFIRMED_SIGNUP_TTL_DAYS * DAY_MS + 60_000)).toEqual({ ok: false, reason: "expired" });
    await env.DB.prepare("UPDATE subscribers SET pending_until = ? WHERE email = ?").bind(new Date(Date.now() - 1000).toISOString(), email).run();
    const res = await postConfirm(token);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("expired");
    expect((await postConfirm("x".repeat(43))).status).toBe(410);
    expect(await listed(slug, owner)).toEqual([]);
  });

  it("with confirmation off, an address is listed and announced at once, and no mail is sent", async () => {
    const { slug, owner } = await pageWithHook({ confirm: false });
    const email = uniqueAddress("direct");
    const spy = capturingQueue();
    expect((await appFetch({ WEBHOOK_QUEUE: spy.queue }, signupReq(slug, email))).status).toBe(202);
    expect(await listed(slug, owner)).toEqual([email]);
    expect(signupEvents(spy.sent, email)).toHaveLength(1);
    expect(await mailsTo(email)).toEqual([]);
    const page = await json(await call("GET", `/api/v1/pages/${slug}`, { headers: owner.headers }));
    expect(page.emailSignup).toMatchObject({ enabled: true, confirm: false });
  });

  it("confirmation is on by default and in the OpenAPI document", async () => {
    const { slug, owner } = await proPageWithSignup();
    expect((await json(await call("GET", `/api/v1/pages/${slug}`, { headers: owner.headers }))).emailSignup.confirm).toBe(true);
    const doc = await json(await call("GET", "/api/v1/openapi.json"));
    expect(doc.components.schemas.EmailSignup.properties.confirm).toMatchObject({ type: "boolean" });
  });
});

describe("the confirmation mail", () => {
  it("carries a one-click removal link and RFC 8058 headers; the one-click POST removes the address at once", async () => {
    const { slug, owner } = await proPageWithSignup({});
    const email = uniqueAddress("leave");
    await call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email }, headers: { "cf-connecting-ip": "192.0.2.10" } });
    const mail = await confirmationMail(email);
    expect(mail.headers).toEqual({
      "List-Unsubscribe": `<http://localhost/signup/remove?token=${mail.token}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(mail.text).toContain(`/signup/remove?token=${mail.token}`);
    expect(mail.text).not.toMatch(/remove\?[^\n]*@/); // the link carries a token, not the address
    await postConfirm(mail.token);
    expect(await listed(slug, owner)).toEqual([email]);
    // GET only asks.
    expect(await (await call("GET", `/signup/remove?token=${mail.token}`)).text()).toContain('action="/signup/remove"');
    expect(await listed(slug, owner)).toEqual([email]);
    // A mail client's one-click POST: to the URL in the header, with its fixed body, no cookie, no Origin.
    const url = mail.headers!["List-Unsubscribe"]!.slice(1, -1);
    const res = await call("POST", new URL(url).pathname + new URL(url).search, {
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect(await listed(slug, owner)).toEqual([]);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers WHERE email = ?").bind(email).first("n")).toBe(0);
  });

  it("goes out at most once per interval per address and page, and at most a few times per signup", async () => {
    const { slug } = await proPageWithSignup();
    const email = uniqueAddress("bomb");
    const pageId = await pageIdOf(slug);
    for (let i = 0; i < 3; i++) await appFetch({}, signupReq(slug, email));
    expect(await mailsTo(email)).toHaveLength(1);
    // Moved clock: each interval allows one more, up to the cap.
    const due = [];
    for (let i = 1; i <= CONFIRM_MAILS_PER_SIGNUP + 1; i++) {
      due.push(await requestConfirmation(env.DB, pageId, email, `t${i}`, Date.now() + i * (CONFIRM_MAIL_INTERVAL_MINUTES * 60_000 + 1000)));
    }
    expect(due).toEqual([...Array(CONFIRM_MAILS_PER_SIGNUP - 1).fill(true), false, false]);
  });

  it("a newer mail replaces the older one's link", async () => {
    const { slug } = await proPageWithSignup();
    const email = uniqueAddress("newer");
    await appFetch({}, signupReq(slug, email));
    const first = await confirmationMail(email);
    await env.DB.prepare("UPDATE subscribers SET mailed_at = ? WHERE email = ?").bind(new Date(Date.now() - CONFIRM_MAIL_INTERVAL_MINUTES * 60_000 - 1000).toISOString(), email).run();
    await appFetch({}, signupReq(slug, email));
    const second = await confirmationMail(email, 2);
    expect(second.token).not.toBe(first.token);
    expect((await postConfirm(first.token)).status).toBe(410);
    expect((await postConfirm(second.token)).status).toBe(200);
  });
});

describe("storage", () => {
  it("unconfirmed signups are deleted after 7 days by the cron; confirmed ones stay", async () => {
    const { slug, owner } = await proPageWithSignup();
    const stale = uniqueAddress("stale");
    const fresh = uniqueAddress("fresh");
    const kept = uniqueAddress("kept");
    for (const e of [stale, fresh, kept]) await appFetch({}, signupReq(slug, e));
    await postConfirm((await confirmationMail(kept)).token);
    const count = (e: string) => env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers WHERE email = ?").bind(e).first<number>("n");
    // Moved clock: just before the 7 days nothing goes; just after, the pending ones do.
    await purgeUnconfirmedSignups(env, Date.now() + UNCONFIRMED_SIGNUP_TTL_DAYS * DAY_MS - 60_000);
    expect([await count(stale), await count(fresh), await count(kept)]).toEqual([1, 1, 1]);
    // The scheduled handler runs the purge on every trigger: age one row past its 7 days.
    await env.DB.prepare("UPDATE subscribers SET pending_until = ? WHERE email = ?").bind(new Date(Date.now() - 1000).toISOString(), stale).run();
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: "*/10 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect([await count(stale), await count(fresh), await count(kept)]).toEqual([0, 1, 1]);
    expect(await purgeUnconfirmedSignups(env, Date.now() + UNCONFIRMED_SIGNUP_TTL_DAYS * DAY_MS + 60_000)).toBeGreaterThanOrEqual(1);
    expect([await count(fresh), await count(kept)]).toEqual([0, 1]);
    expect(await listed(slug, owner)).toEqual([kept]);
  });

  it("a D1 dump holds no confirmation token in clear, only its SHA-256", async () => {
    const { slug } = await proPageWithSignup();
    const email = uniqueAddress("dump");
    await appFetch({}, signupReq(slug, email));
    const { token } = await confirmationMail(email);
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>();
    let dump = "";
    for (const { name } of tables.results) dump += JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results);
    expect(dump).toContain(email);
    expect(dump).not.toContain(token);
    expect(dump).toContain(await sha256Hex(token));
  });
});
