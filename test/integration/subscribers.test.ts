import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { neutralise } from "../../src/lib/csv";
import { call, json } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { proPageWithSignup } from "../helpers/pro-page";
import { signIn } from "../helpers/sign-in";
import { confirmationMail, mailsTo, postConfirm } from "../helpers/signup-mail";

const client = () => ({ "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 250)}` });
const signup = (slug: string, body: unknown) => call("POST", `/api/v1/pages/${slug}/subscribers`, { body, headers: client() });
const formPost = (slug: string, fields: Record<string, string>) =>
  call("POST", `/${slug}/subscribe`, { rawBody: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...client() } });

describe("the signup form on a pro page", () => {
  it("shows a plain HTML form that says who gets the address, with a honeypot", async () => {
    const { slug } = await proPageWithSignup();
    const html = await (await call("GET", `/${slug}`)).text();
    expect(html).toContain(`<form method="post" action="/${slug}/subscribe">`);
    expect(html).toContain("Join my newsletter");
    expect(html).toContain("shared with Pro Owner only");
    expect(html).toMatch(/name="website" tabindex="-1"/);
    expect(html).not.toMatch(/<script/);
  });

  it("works without JavaScript: POST /{slug}/subscribe → 303 back to a check-your-inbox state, no cookie; listed once confirmed", async () => {
    const { slug, owner } = await proPageWithSignup();
    const res = await formPost(slug, { email: "Reader@Example.com" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/${slug}?signup=subscribed#signup`);
    expect(res.headers.get("set-cookie")).toBeNull();
    const thanks = await (await call("GET", res.headers.get("location")!)).text();
    expect(thanks).toContain("check your inbox and confirm");
    expect(thanks).not.toContain('action="/');
    const listed = async () => (await json(await call("GET", `/api/v1/pages/${slug}/subscribers`, { headers: owner.headers }))).subscribers;
    expect(await listed()).toEqual([]);
    const { token } = await confirmationMail("reader@example.com");
    expect((await postConfirm(token)).status).toBe(200);
    expect(await listed()).toEqual([{ email: "reader@example.com", createdAt: expect.any(String), confirmedAt: expect.any(String) }]);
    const bad = await formPost(slug, { email: "not an email" });
    expect(bad.headers.get("location")).toBe(`/${slug}?signup=invalid#signup`);
    expect(await (await call("GET", `/${slug}?signup=invalid`)).text()).toContain("look like an email address");
  });

  it("with confirmation off, the thank-you says the visitor is on the list", async () => {
    const { slug } = await proPageWithSignup({ confirm: false });
    const res = await formPost(slug, { email: "direct@example.com" });
    expect(await (await call("GET", res.headers.get("location")!)).text()).toContain("on the list");
  });

  it("a free page never shows the form nor collects an email, even with stored settings", async () => {
    const { slug, token } = await createPage();
    await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { emailSignup: { enabled: false, heading: "x" } } });
    expect(await (await call("GET", `/${slug}`)).text()).not.toContain("/subscribe");
    await expectProblem(await signup(slug, { email: "a@example.com" }), 404);
    expect((await formPost(slug, { email: "a@example.com" })).status).toBe(404);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers s JOIN pages p ON p.id = s.page_id WHERE p.slug = ?").bind(slug).first("n");
    expect(row).toBe(0);
  });
});

describe("POST /api/v1/pages/{slug}/subscribers", () => {
  it("202 { ok: true } for a new address and again for the same one in any case (subscribers.confirm.test.ts: every state)", async () => {
    const { slug } = await proPageWithSignup();
    const first = await signup(slug, { email: "fan@example.com" });
    expect(first.status).toBe(202);
    expect(await json(first)).toEqual({ ok: true });
    const again = await signup(slug, { email: "FAN@example.com " });
    expect(again.status).toBe(202);
    expect(await json(again)).toEqual({ ok: true });
  });

  it("drops honeypot signups silently", async () => {
    const { slug, owner } = await proPageWithSignup();
    expect((await signup(slug, { email: "bot@example.com", website: "http://spam.example" })).status).toBe(202);
    expect((await json(await call("GET", `/api/v1/pages/${slug}/subscribers`, { headers: owner.headers }))).subscribers).toEqual([]);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers WHERE email = 'bot@example.com'").first("n")).toBe(0);
    expect(await mailsTo("bot@example.com")).toEqual([]);
  });

  it("refuses invalid emails naming the field", async () => {
    const { slug } = await proPageWithSignup();
    await expectProblem(await signup(slug, { email: "x@y\r\nBcc: z@w.com" }), 400, "email");
    await expectProblem(await signup(slug, {}), 400, "email");
  });

  it("rate-limits one client on one page", async () => {
    const { slug } = await proPageWithSignup();
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email: `r${i}@example.com` }, headers: { "cf-connecting-ip": "203.0.113.5" } })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
  });
});

describe("subscribers for the owner only", () => {
  it("paginates with a cursor", async () => {
    const { slug, owner } = await proPageWithSignup({ confirm: false });
    for (let i = 0; i < 5; i++) expect((await signup(slug, { email: `p${i}@example.com` })).status).toBe(202);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await json(await call("GET", `/api/v1/pages/${slug}/subscribers?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { headers: owner.headers }));
      expect(res.subscribers.length).toBeLessThanOrEqual(2);
      seen.push(...res.subscribers.map((s: any) => s.email));
      cursor = res.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(["p0@example.com", "p1@example.com", "p2@example.com", "p3@example.com", "p4@example.com"]);
    await expectProblem(await call("GET", `/api/v1/pages/${slug}/subscribers?cursor=garbage`, { headers: owner.headers }), 400, "cursor");
  });

  it("exports CSV (RFC 4180, attachment) with formula injection neutralised", async () => {
    const { slug, owner } = await proPageWithSignup();
    const nasty = ["=cmd@example.com", "+x@example.com", "-x@example.com", "@x.example@example.com", "plain@example.com"];
    for (const email of nasty) await env.DB.prepare("INSERT INTO subscribers (page_id, email, created_at) SELECT id, ?, ? FROM pages WHERE slug = ?").bind(email, new Date().toISOString(), slug).run();
    const res = await call("GET", `/api/v1/pages/${slug}/subscribers?format=csv`, { headers: owner.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-subscribers.csv"`);
    const text = await res.text();
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("email,subscribed_at,confirmed_at");
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(["'+x@example.com", "'-x@example.com", "'=cmd@example.com", "'@x.example@example.com", "plain@example.com"].sort());
  });

  it("neutralises every dangerous first character and quotes per RFC 4180", () => {
    for (const c of ["=", "+", "-", "@", "\t", "\r", "\0"]) expect(neutralise(`${c}1`)).toBe(`'${c}1`);
    expect(neutralise("a=b")).toBe("a=b");
  });

  it("removes a subscriber; others get 401/403", async () => {
    const { slug, owner } = await proPageWithSignup({ confirm: false });
    await signup(slug, { email: "gone@example.com" });
    const stranger = await signIn();
    await expectProblem(await call("GET", `/api/v1/pages/${slug}/subscribers`), 401);
    await expectProblem(await call("GET", `/api/v1/pages/${slug}/subscribers`, { headers: stranger.headers }), 403);
    await expectProblem(await call("DELETE", `/api/v1/pages/${slug}/subscribers/gone@example.com`, { headers: stranger.headers }), 403);
    expect((await call("DELETE", `/api/v1/pages/${slug}/subscribers/GONE@example.com`, { headers: owner.headers })).status).toBe(204);
    await expectProblem(await call("DELETE", `/api/v1/pages/${slug}/subscribers/gone@example.com`, { headers: owner.headers }), 404);
  });

  it("deleting the page deletes its subscribers", async () => {
    const { slug, owner } = await proPageWithSignup();
    await signup(slug, { email: "x@example.com" });
    const pageId = (await env.DB.prepare("SELECT id FROM pages WHERE slug = ?").bind(slug).first<any>()).id;
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { headers: owner.headers })).status).toBe(204);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers WHERE page_id = ?").bind(pageId).first("n")).toBe(0);
  });
});
