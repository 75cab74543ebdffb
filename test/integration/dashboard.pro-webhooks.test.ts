// Webhooks in the dashboard without JavaScript: add (the secret shown once, then never again), refused
// URLs and events as field errors, a test event through the real queue into the delivery log, the
// disabled state with its reason and re-enabling by a test, and deletion confirmed first. Webhooks are
// Pro: a free owner is offered them as such, and a page back on Free keeps listing and deleting its own.
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { uniqueSlug } from "../helpers/create-page";
import { createViaForm, getAs, postForm } from "../helpers/dashboard";
import { makeUserFree, proPageWithSignup } from "../helpers/pro-page";
import { signIn, type Session } from "../helpers/sign-in";
import { fakeEndpoint } from "../helpers/webhook-fake";

const proPath = (slug: string) => `/dashboard/pages/${slug}/pro`;
const apiHooks = async (s: Session, slug: string) => (await call("GET", `/api/v1/pages/${slug}/webhooks`, { headers: s.headers }).then(json)).webhooks as any[];

/** Post the add form (events repeat, as checkboxes send them). */
function addHook(s: Session, slug: string, url: string, events: string[]) {
  const body = new URLSearchParams([["url", url], ...events.map((e) => ["events", e])]);
  return call("POST", `${proPath(slug)}/webhooks`, { rawBody: body.toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...s.headers } });
}

/** The webhook list fragment, polled until `predicate` holds (deliveries go through the real queue). */
async function fragmentUntil(s: Session, slug: string, predicate: (html: string) => boolean): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const html = await (await getAs(s, `${proPath(slug)}/webhooks/fragment`)).text();
    if (predicate(html)) return html;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the webhook list never showed what was expected");
}

describe("adding", () => {
  it("shows the whsec_ secret once, in a no-store response; never again on the page, the fragment or the API", async () => {
    const { owner, slug } = await proPageWithSignup();
    const fake = fakeEndpoint();
    const res = await addHook(owner, slug, fake.url, ["subscriber.created", "page.updated"]);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = (await res.text()).replace(/&#39;/g, "'");
    const secret = /id="new-secret-value"[^>]*value="(whsec_[A-Za-z0-9+/=]+)"|value="(whsec_[A-Za-z0-9+/=]+)"[^>]*id="new-secret-value"/.exec(html);
    const value = secret?.[1] ?? secret?.[2];
    expect(value).toMatch(/^whsec_/);
    expect(html).toContain("you won't see it again");
    expect(html).toContain('data-copy="#new-secret-value"');

    const [hook] = await apiHooks(owner, slug);
    expect(hook).toMatchObject({ url: fake.url, events: ["subscriber.created", "page.updated"], state: "active" });
    expect(JSON.stringify(hook)).not.toContain("whsec_");
    for (const path of [proPath(slug), `${proPath(slug)}/webhooks/fragment`, `/dashboard/pages/${slug}`]) {
      const again = await (await getAs(owner, path)).text();
      expect(again, path).not.toContain("whsec_");
      expect(again, path).not.toContain(value!.slice(6));
    }
    expect(await (await getAs(owner, proPath(slug))).text()).toContain(fake.url);
  });

  it("refuses a bad URL, no events, or an 11th webhook, with the reason and the values kept", async () => {
    const { owner, slug } = await proPageWithSignup();
    const bad = await addHook(owner, slug, "ftp://example.com/hook", ["page.updated"]);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("must be an https URL");
    expect(badHtml).toContain('value="ftp://example.com/hook"');
    expect(badHtml).toMatch(/id="wh-url"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="wh-url"/);
    const none = await addHook(owner, slug, "https://example.com/hook", []);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("choose at least one event");
    expect(await apiHooks(owner, slug)).toEqual([]);

    for (let i = 0; i < 10; i++) expect((await addHook(owner, slug, `https://example.com/h${i}`, ["page.updated"])).status).toBe(200);
    const full = await addHook(owner, slug, "https://example.com/h10", ["page.updated"]);
    expect(full.status).toBe(409);
    expect(await full.text()).toContain("This page has 10 webhooks, the most a page can have.");
  });

  it("a pro page offers every event, subscriber.created first", async () => {
    const { owner, slug } = await proPageWithSignup();
    const html = await (await getAs(owner, proPath(slug))).text();
    expect(html).toContain(`action="${proPath(slug)}/webhooks"`);
    for (const e of ["subscriber.created", "page.updated", "clicks.flushed"]) expect(html).toContain(`value="${e}"`);
    expect(html).toMatch(/value="subscriber.created" checked/);
  });
});

describe("webhooks are Pro", () => {
  it("a free owner sees webhooks offered as a Pro feature, with no add form; posting anyway is refused (403) and stores nothing", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("freewh"));
    const html = await (await getAs(s, proPath(slug))).text();
    const card = /<section[^>]*id="webhooks"[\s\S]*?<\/section>/.exec(html)![0];
    expect(card).toContain("Pro feature");
    expect(card).toContain("Webhooks are part of Pro");
    expect(card).not.toContain(`action="${proPath(slug)}/webhooks"`);
    expect(card).not.toContain('name="url"');
    expect(card).not.toContain('name="events"');
    expect(card).not.toContain("No webhooks yet"); // no empty list to fill either
    expect(html).toContain("Webhooks (Pro) · 0");

    const forced = await addHook(s, slug, fakeEndpoint().url, ["page.updated"]);
    expect(forced.status).toBe(403);
    const forcedHtml = await forced.text();
    expect(forcedHtml).toContain("Webhooks are a Pro feature");
    expect(forcedHtml).not.toContain("whsec_");
    expect(await apiHooks(s, slug)).toEqual([]);
    // The editor's summary card says so too.
    const editor = await (await getAs(s, `/dashboard/pages/${slug}`)).text();
    expect(/<section[^>]*id="pro"[\s\S]*?<\/section>/.exec(editor)![0]).toMatch(/<dt>Webhooks<\/dt>\s*<dd>Pro feature/);
  });

  it("a page back on Free lists its webhooks (no test button) and deletes them; a test post is refused and sends nothing", async () => {
    const { owner, slug } = await proPageWithSignup();
    const fake = fakeEndpoint();
    expect((await addHook(owner, slug, fake.url, ["page.updated"])).status).toBe(200);
    expect((await addHook(owner, slug, "https://example.com/second", ["clicks.flushed"])).status).toBe(200);
    const hooks = await apiHooks(owner, slug);
    const first = hooks.find((h) => h.url === fake.url)!;
    const second = hooks.find((h) => h.url === "https://example.com/second")!;
    await makeUserFree(owner.email);

    const html = await (await getAs(owner, proPath(slug))).text();
    expect(html).toContain(fake.url);
    expect(html).toContain("https://example.com/second");
    expect(html).toContain("set up while the page was Pro");
    expect(html).not.toContain("Send test event");
    expect(html).not.toContain("Send a test event");
    expect(html).not.toContain(`/webhooks/${first.id}/test"`);
    expect(html).toContain(`action="${proPath(slug)}/webhooks/${first.id}/delete"`);
    expect(html).not.toContain(`action="${proPath(slug)}/webhooks"`); // no add form
    const fragment = await (await getAs(owner, `${proPath(slug)}/webhooks/fragment`)).text();
    expect(fragment).toContain(fake.url);
    expect(fragment).not.toContain("Send test event");

    const tested = await postForm(owner, `${proPath(slug)}/webhooks/${first.id}/test`, {});
    expect(tested.status).toBe(403);
    expect(await tested.text()).toContain("Webhooks are a Pro feature");
    expect((await addHook(owner, slug, fakeEndpoint().url, ["page.updated"])).status).toBe(403);
    expect(await apiHooks(owner, slug)).toHaveLength(2);

    const done = await postForm(owner, `${proPath(slug)}/webhooks/${second.id}/delete`, { confirm: "yes" });
    expect(done.status).toBe(303);
    expect((await apiHooks(owner, slug)).map((h) => h.id)).toEqual([first.id]);
    await new Promise((r) => setTimeout(r, 1500)); // longer than the queue's batch timeout
    expect(await fake.received()).toEqual([]);
    expect((await apiHooks(owner, slug))[0].deliveries).toEqual([]);
  });
});

describe("test events and the delivery log", () => {
  it("sends a signed test event through the queue, and the log shows it with status and attempt", async () => {
    const { owner, slug } = await proPageWithSignup();
    const fake = fakeEndpoint();
    const html = await (await addHook(owner, slug, fake.url, ["page.updated"])).text();
    const secret = /value="(whsec_[^"]+)"/.exec(html)![1]!;
    const [hook] = await apiHooks(owner, slug);

    const sent = await postForm(owner, `${proPath(slug)}/webhooks/${hook.id}/test`, {});
    expect(sent.status).toBe(303);
    const location = new URL(sent.headers.get("location")!, "http://localhost");
    expect(location.pathname).toBe(proPath(slug));
    expect(location.hash).toBe(`#wh-${hook.id}`);
    const messageId = location.searchParams.get("tested")!;
    expect(messageId).toMatch(/^msg_/);

    const [req] = await fake.waitFor(1);
    expect(req!.headers["webhook-id"]).toBe(messageId);
    expect((new Webhook(secret).verify(req!.body, req!.headers) as any).type).toBe("webhook.test");

    const fragment = await fragmentUntil(owner, slug, (h) => h.includes(`data-message="${messageId}"`));
    const row = new RegExp(`<tr data-message="${messageId}"[\\s\\S]*?</tr>`).exec(fragment)![0];
    expect(row).toContain("webhook.test");
    expect(row).toContain(">204<");
    expect(row).toMatch(/data-label="Attempt"[^>]*>1</);
    expect(row).toContain("Delivered in");

    // The page after the redirect says where the result will appear (and how, without JS).
    const page = await (await getAs(owner, location.pathname + location.search)).text();
    expect(page).toContain("Test event sent to");
    expect(page).toContain(`"tested":{"messageId":"${messageId}","webhookId":"${hook.id}"}`);
  });

  it("a failing endpoint's attempt shows its error; a disabled one says why and a good test re-enables it", async () => {
    const { owner, slug } = await proPageWithSignup();
    const failing = fakeEndpoint("?status=500");
    await addHook(owner, slug, failing.url, ["page.updated"]);
    const [hook] = await apiHooks(owner, slug);
    const sent = await postForm(owner, `${proPath(slug)}/webhooks/${hook.id}/test`, {});
    const messageId = new URL(sent.headers.get("location")!, "http://localhost").searchParams.get("tested")!;
    const fragment = await fragmentUntil(owner, slug, (h) => h.includes(`data-message="${messageId}"`));
    expect(fragment).toMatch(/pill-bad">500</);
    expect(fragment).toContain("HTTP 500");

    // As the consumer does after its last attempt (tested in webhooks.delivery.test.ts), then a fix.
    const reason = "Disabled after 8 failed delivery attempts over about a day (last: HTTP 500).";
    await env.DB.prepare("UPDATE webhooks SET disabled_at = ?, disabled_reason = ?, url = ? WHERE id = ?").bind("2026-11-01T10:00:00.000Z", reason, fakeEndpoint().url, hook.id).run();
    const off = await (await getAs(owner, proPath(slug))).text();
    expect(off).toContain(">Disabled<");
    expect(off).toContain(reason);
    expect(off).toContain("Send test event to re-enable");
    await postForm(owner, `${proPath(slug)}/webhooks/${hook.id}/test`, {});
    await fragmentUntil(owner, slug, (h) => h.includes(">Active<"));
    expect((await apiHooks(owner, slug))[0].state).toBe("active");
  });
});

describe("deleting", () => {
  it("asks first (a page of its own without JS), then deletes the webhook and its log", async () => {
    const { owner, slug } = await proPageWithSignup();
    await addHook(owner, slug, "https://example.com/delete-me", ["page.updated"]);
    const [hook] = await apiHooks(owner, slug);
    const ask = await postForm(owner, `${proPath(slug)}/webhooks/${hook.id}/delete`, {});
    expect(ask.status).toBe(200);
    const askHtml = await ask.text();
    expect(askHtml).toContain("Delete this webhook?");
    expect(askHtml).toContain("https://example.com/delete-me");
    expect(askHtml).toContain('name="confirm" value="yes"');
    expect(await apiHooks(owner, slug)).toHaveLength(1);

    const done = await postForm(owner, `${proPath(slug)}/webhooks/${hook.id}/delete`, { confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${proPath(slug)}?deleted=1#flash`);
    expect(await apiHooks(owner, slug)).toEqual([]);
    expect(await (await getAs(owner, `${proPath(slug)}?deleted=1`)).text()).toContain("The webhook was deleted");
    // Already gone: said plainly, nothing else happens.
    expect((await postForm(owner, `${proPath(slug)}/webhooks/${hook.id}/delete`, { confirm: "yes" })).status).toBe(404);
    expect((await postForm(owner, `${proPath(slug)}/webhooks/${hook.id}/test`, {})).status).toBe(404);
  });
});
