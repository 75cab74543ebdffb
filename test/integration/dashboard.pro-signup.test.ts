// The dashboard's Pro page without JavaScript: signup-form settings (free vs pro), the subscribers
// table (newest first, paged, removal confirmed, the API's CSV), and the editor's inert preview.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { uniqueSlug } from "../helpers/create-page";
import { createViaForm, getAs, postForm } from "../helpers/dashboard";
import { proPageWithSignup } from "../helpers/pro-page";
import { makeUserPro, signIn, type Session } from "../helpers/sign-in";
import { pageIdOf } from "../helpers/storage";

const proPath = (slug: string) => `/dashboard/pages/${slug}/pro`;
const apiPage = (s: Session, slug: string) => call("GET", `/api/v1/pages/${slug}`, { headers: s.headers }).then(json);
const text = async (res: Response) => (await res.text()).replace(/&#39;|&apos;/g, "'");

/** `n` subscribers, one minute apart (the newest is `sub0`), written straight to D1 for exact times. */
async function seedSubscribers(slug: string, n: number) {
  const pageId = await pageIdOf(slug);
  const t0 = Date.parse("2026-10-01T12:00:00Z");
  const rows = Array.from({ length: n }, (_, i) => env.DB.prepare("INSERT INTO subscribers (page_id, email, created_at) VALUES (?, ?, ?)").bind(pageId, `sub${i}@example.com`, new Date(t0 - i * 60_000).toISOString()));
  await env.DB.batch(rows);
}

const emailsOn = (html: string) => [...html.matchAll(/name="email" value="([^"]+)"/g)].map((m) => m[1]);

describe("signup form settings", () => {
  it("a free owner sees what Pro offers and no controls; switching the form on anyway is refused", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("free"));
    const res = await getAs(s, proPath(slug));
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain("Pro feature");
    expect(html).toContain("collects no email");
    expect(html).not.toContain(`action="${proPath(slug)}/signup"`);
    expect(html).not.toContain('name="enabled"');
    expect(html).not.toContain('id="subscribers"'); // nothing collected, so no empty table either
    expect(html).not.toContain('value="subscriber.created"'); // a free page has no form to sign up with

    const forced = await postForm(s, `${proPath(slug)}/signup`, { enabled: "on", heading: "Sneaky" });
    expect(forced.status).toBe(400);
    expect(await text(forced)).toContain("email signup forms are a Pro feature");
    expect((await apiPage(s, slug)).emailSignup).toEqual({ enabled: false, confirm: true });
  });

  it("a pro owner switches the form on with a heading and button text, and the public page shows it", async () => {
    const s = await signIn();
    await makeUserPro(s.email);
    const slug = await createViaForm(s, uniqueSlug("pro"));
    const page = await text(await getAs(s, proPath(slug)));
    expect(page).toContain(`action="${proPath(slug)}/signup"`);
    expect(page).toContain('placeholder="Get updates from Ada Lovelace"');

    const saved = await postForm(s, `${proPath(slug)}/signup`, { enabled: "on", heading: "  Join my list ", buttonText: "Join" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`${proPath(slug)}?saved=1#signup`);
    expect((await apiPage(s, slug)).emailSignup).toEqual({ enabled: true, heading: "Join my list", buttonText: "Join", confirm: true });
    expect(page).toMatch(/name="confirm" value="on" checked/); // double opt-in is on unless switched off
    const pub = await text(await call("GET", `/${slug}`));
    expect(pub).toContain("Join my list");
    expect(pub).toContain(`action="/${slug}/subscribe"`);
    const after = await text(await getAs(s, `${proPath(slug)}?saved=1`));
    expect(after).toContain("Saved.");
    expect(after).toMatch(/name="heading"[^>]*value="Join my list"|value="Join my list"[^>]*name="heading"/);

    // Blank texts fall back to the defaults; unchecked switches the form off.
    expect((await postForm(s, `${proPath(slug)}/signup`, { enabled: "on", heading: " ", buttonText: "" })).status).toBe(303);
    expect((await apiPage(s, slug)).emailSignup).toEqual({ enabled: true, confirm: true });
    expect(await text(await call("GET", `/${slug}`))).toContain("Get updates from Ada Lovelace");
    expect((await postForm(s, `${proPath(slug)}/signup`, { heading: "Kept for later" })).status).toBe(303);
    expect((await apiPage(s, slug)).emailSignup).toEqual({ enabled: false, heading: "Kept for later", confirm: true });
    expect(await text(await call("GET", `/${slug}`))).not.toContain("/subscribe");

    // The owner may switch confirmation off (and on again); the form shows the saved choice.
    expect((await postForm(s, `${proPath(slug)}/signup`, { enabled: "on", confirm: "off" })).status).toBe(303);
    expect((await apiPage(s, slug)).emailSignup).toEqual({ enabled: true, confirm: false });
    expect(await text(await getAs(s, proPath(slug)))).toMatch(/name="confirm" value="off" checked/);
    expect((await postForm(s, `${proPath(slug)}/signup`, { enabled: "on", confirm: "on" })).status).toBe(303);
    expect((await apiPage(s, slug)).emailSignup).toEqual({ enabled: true, confirm: true });
  });

  it("too-long texts come back with field errors and the posted values; nothing is saved", async () => {
    const { owner, slug } = await proPageWithSignup();
    const res = await postForm(owner, `${proPath(slug)}/signup`, { enabled: "on", heading: "h".repeat(101), buttonText: "b".repeat(41) });
    expect(res.status).toBe(400);
    const html = await text(res);
    expect(html).toContain("must be at most 100 characters");
    expect(html).toContain("must be at most 40 characters");
    expect(html).toContain(`value="${"b".repeat(41)}"`);
    expect(html).toMatch(/id="f-heading"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-heading"/);
    expect((await apiPage(owner, slug)).emailSignup.heading).toBe("Join my newsletter");
  });

  it("the editor's preview draws the form but cannot submit it; the public page still can", async () => {
    const { owner, slug } = await proPageWithSignup();
    const preview = await getAs(owner, `/dashboard/pages/${slug}/preview`);
    expect(preview.headers.get("content-security-policy")).toContain("form-action 'none'");
    const html = await text(preview);
    expect(html).toContain("Join my newsletter");
    expect(html).not.toContain("/subscribe");
    expect(html).not.toContain('method="post"');
    expect(html).toMatch(/<input id="signup-email"[^>]* disabled/);
    expect(html).toMatch(/<button type="button" disabled/);
    expect(await text(await call("GET", `/${slug}`))).toContain(`<form method="post" action="/${slug}/subscribe">`);
  });

  it("the editor links to the Pro page with the form's state and the counts", async () => {
    const { owner, slug } = await proPageWithSignup();
    await seedSubscribers(slug, 3);
    const html = await text(await getAs(owner, `/dashboard/pages/${slug}`));
    expect(html).toContain(`data-pro-slot="${slug}"`);
    expect(html).toMatch(/<dt>Signup form<\/dt><dd>On<\/dd>/);
    expect(html).toMatch(/<dt>Subscribers<\/dt><dd>3<\/dd>/);
    expect(html).toContain(`href="${proPath(slug)}"`);
  });
});

describe("subscribers", () => {
  it("lists them newest first, 25 a screen, with their count and links both ways", async () => {
    const { owner, slug } = await proPageWithSignup();
    await seedSubscribers(slug, 30);
    const first = await text(await getAs(owner, proPath(slug)));
    expect(first).toMatch(/data-subscriber-count="true">30</);
    expect(emailsOn(first)).toEqual(Array.from({ length: 25 }, (_, i) => `sub${i}@example.com`));
    expect(first).toContain("1–25 of 30");
    expect(first).not.toContain('rel="prev"');
    const older = /href="([^"]+)" rel="next"/.exec(first)![1]!.replace(/&amp;/g, "&");

    const second = await text(await getAs(owner, older));
    expect(emailsOn(second)).toEqual(["sub25@example.com", "sub26@example.com", "sub27@example.com", "sub28@example.com", "sub29@example.com"]);
    expect(second).toContain("26–30 of 30");
    expect(second).not.toContain('rel="next"');
    const newer = /href="([^"]+)" rel="prev"/.exec(second)![1]!.replace(/&amp;/g, "&");
    const back = await text(await getAs(owner, newer));
    expect(emailsOn(back)).toEqual(emailsOn(first));
    expect(back).toContain("1–25 of 30");

    // A cursor that isn't ours just shows the first screen.
    expect(emailsOn(await text(await getAs(owner, `${proPath(slug)}?before=garbage`)))[0]).toBe("sub0@example.com");
  });

  it("removal asks first (a page of its own without JS), then deletes the address and returns to the same screen", async () => {
    const { owner, slug } = await proPageWithSignup();
    await seedSubscribers(slug, 27);
    const page2 = /href="([^"]+)" rel="next"/.exec(await text(await getAs(owner, proPath(slug))))![1]!;
    const before = new URL(page2.replace(/&amp;/g, "&"), "http://x").searchParams.get("before")!;

    const ask = await postForm(owner, `${proPath(slug)}/subscribers/remove`, { email: "sub26@example.com", before });
    expect(ask.status).toBe(200);
    const askHtml = await text(ask);
    expect(askHtml).toContain("Remove this subscriber?");
    expect(askHtml).toContain("sub26@example.com");
    expect(askHtml).toContain('name="confirm" value="yes"');
    expect(askHtml).toContain(`value="${before}"`);
    let list = await call("GET", `/api/v1/pages/${slug}/subscribers`, { headers: owner.headers }).then(json);
    expect(list.subscribers).toHaveLength(27);

    const done = await postForm(owner, `${proPath(slug)}/subscribers/remove`, { email: "SUB26@example.com", before, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${proPath(slug)}?removed=1&before=${before}#flash`);
    list = await call("GET", `/api/v1/pages/${slug}/subscribers`, { headers: owner.headers }).then(json);
    expect(list.subscribers.map((x: any) => x.email)).not.toContain("sub26@example.com");
    const shown = await text(await getAs(owner, done.headers.get("location")!.replace(/#.*/, "")));
    expect(shown).toContain("The subscriber was removed");
    expect(emailsOn(shown)).toEqual(["sub25@example.com"]);
    expect(shown).not.toContain("sub26@example.com"); // no address in the flash or the URL
  });

  it("offers the API's CSV, which the session downloads", async () => {
    const { owner, slug } = await proPageWithSignup();
    await seedSubscribers(slug, 2);
    const html = await text(await getAs(owner, proPath(slug)));
    expect(html).toContain(`href="/api/v1/pages/${slug}/subscribers?format=csv" download="${slug}-subscribers.csv"`);
    const csv = await getAs(owner, `/api/v1/pages/${slug}/subscribers?format=csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toBe("email,subscribed_at,confirmed_at\r\nsub1@example.com,2026-10-01T11:59:00.000Z,\r\nsub0@example.com,2026-10-01T12:00:00.000Z,\r\n");
  });

  it("a page that went back to Free still shows (and can remove) what it collected as Pro", async () => {
    const { owner, slug } = await proPageWithSignup();
    await seedSubscribers(slug, 1);
    await call("PUT", `/api/v1/admin/users/${encodeURIComponent(owner.email)}/plan`, { token: "test-admin-token", body: { plan: "free" } });
    const html = await text(await getAs(owner, proPath(slug)));
    expect(html).toContain("Pro feature");
    expect(html).toContain("collected while the page was Pro");
    expect(emailsOn(html)).toEqual(["sub0@example.com"]);
  });
});
