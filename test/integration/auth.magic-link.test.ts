import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { expectProblem } from "../helpers/problem";
import { issueMagicLink } from "../../src/auth/magic-links";
import { mailTo, requestLink, signIn, someClient, uniqueEmail, verify } from "../helpers/sign-in";

async function sha256Hex(s: string) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("POST /api/v1/auth/magic-link", () => {
  it("answers 202 {ok:true} alike for new and existing accounts, and mails a link (text and HTML)", async () => {
    const known = await signIn();
    const a = await call("POST", "/api/v1/auth/magic-link", { body: { email: known.email }, headers: someClient() });
    const b = await call("POST", "/api/v1/auth/magic-link", { body: { email: uniqueEmail("new") }, headers: someClient() });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(await json(a)).toEqual({ ok: true });
    expect(await json(b)).toEqual({ ok: true });
    const mail = await mailTo(known.email);
    expect(mail.subject).toMatch(/sign-in/i);
    expect(mail.text).toMatch(/http:\/\/localhost\/auth\/verify\?token=[A-Za-z0-9_-]{43}/);
    expect(mail.html).toMatch(/href="http:\/\/localhost\/auth\/verify\?token=[A-Za-z0-9_-]{43}"/);
    expect(mail.html).not.toMatch(/<img|<script/i);
  });

  it("stores the token only as its SHA-256, with a 15-minute expiry", async () => {
    const email = uniqueEmail();
    const before = Date.now();
    const token = await requestLink(email);
    const row = await env.DB.prepare("SELECT * FROM magic_links WHERE email = ?").bind(email).first<any>();
    expect(row.token_hash).toBe(await sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expires_at - row.created_at).toBe(15 * 60_000);
    expect(row.created_at).toBeGreaterThanOrEqual(before);
  });

  it.each([
    ["empty", ""],
    ["no domain", "ada"],
    ["CR/LF header injection", "ada@example.com\r\nBcc: victim@example.com"],
    ["a newline", "ada@example.com\n"],
    ["two addresses", "ada@example.com,bob@example.com"],
    ["too long", "a".repeat(250) + "@example.com"],
    ["not a string", 42],
  ])("refuses %s with 400 naming `email`", async (_n, email) => {
    await expectProblem(await call("POST", "/api/v1/auth/magic-link", { body: { email }, headers: someClient() }), 400, "email");
  });
});

/** Mails the dev outbox holds for `email` (each send is awaited before the 202, so this is final). */
const mailsTo = async (email: string) => ((await json<any[]>(await call("GET", "/dev/outbox"))).filter((m) => m.to === email));
const tokenOf = (mail: { text: string }) => mail.text.match(/token=([A-Za-z0-9_-]+)/)![1]!;
const ask = (email: string, client: Record<string, string>) => call("POST", "/api/v1/auth/magic-link", { body: { email }, headers: client });

describe("nobody can stop another person from signing in (docs/limits.md#sign-in)", () => {
  it("a flood from one client for someone's address sends one mail; another client still gets a link that works, and a new mail after the cooldown", async () => {
    const email = uniqueEmail("target");
    const attacker = { "cf-connecting-ip": "203.0.113.66" };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await ask(i % 2 ? email.toUpperCase() : email, attacker)).status);
    expect(statuses).toEqual([...Array(10).fill(202), 429, 429]); // the client's own limit: 10 a minute
    expect(await mailsTo(email)).toHaveLength(1); // the inbox got one mail, not ten

    // The real person, from their own client: the same answer, and the link in their inbox works.
    const person = { "cf-connecting-ip": "198.51.100.200" };
    expect((await ask(email, person)).status).toBe(202);
    const [mail] = await mailsTo(email);
    expect(await mailsTo(email)).toHaveLength(1);

    // Five minutes on (the cooldown), a request sends a fresh mail even though the first link is unused.
    await env.DB.prepare("UPDATE magic_link_sends SET sent_at = sent_at - 300000 WHERE email = ?").bind(email).run();
    expect((await ask(email, person)).status).toBe(202);
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(2);
    // Both links work (the newest never invalidates the one already in the inbox).
    expect((await verify(tokenOf(mails[0]))).status).toBe(303);
    expect((await verify(tokenOf(mail!))).status).toBe(303);
  });

  it("once the person used their link, their next request mails a new one at once (no cooldown without a working link)", async () => {
    const email = uniqueEmail("again");
    expect((await verify(await requestLink(email))).status).toBe(303);
    expect((await ask(email, someClient())).status).toBe(202);
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it("flooded for two hours, an inbox gets at most 6 mails in the first hour and 4 an hour after, and always holds a working link", async () => {
    const email = uniqueEmail("flooded");
    const start = Date.now();
    const sentAt: number[] = [];
    for (let t = 0; t <= 2 * 3600_000; t += 30_000) {
      const now = start + t;
      const r = await issueMagicLink(env.DB, email, null, now);
      if (r.sent) sentAt.push(t);
      const working = await env.DB.prepare("SELECT COUNT(*) AS n FROM magic_links WHERE email = ? AND expires_at > ?").bind(email, now).first<number>("n");
      expect(working, `a working link at ${t / 60_000} min`).toBeGreaterThan(0);
    }
    const inHour = (from: number) => sentAt.filter((t) => t >= from && t < from + 3600_000).length;
    expect(inHour(0)).toBe(6); // 0, 5, 10 min (quick), then one per 15-minute link lifetime
    for (let from = 0; from <= 3600_000; from += 30_000) expect(inHour(from)).toBeLessThanOrEqual(6);
    expect(inHour(3600_000)).toBe(4);
  }, 120_000);
});

describe("per-client rate limit", () => {
  it("limits one client to 10 sign-in requests a minute (API and form alike) without storing its address", async () => {
    const client = { "cf-connecting-ip": "203.0.113.77" };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call("POST", "/api/v1/auth/magic-link", { body: { email: uniqueEmail("flood") }, headers: client })).status);
    for (let i = 0; i < 5; i++) {
      statuses.push((await call("POST", "/login", { rawBody: new URLSearchParams({ email: uniqueEmail("flood") }).toString(), headers: { ...client, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" } })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 200, 200, 200, 200, 429]);
    const form = await call("POST", "/login", { rawBody: "email=x%40example.com", headers: { ...client, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" } });
    expect(form.status).toBe(429);
    expect(form.headers.get("retry-after")).toBe("60");
    expect(await form.text()).toContain("Too many sign-in requests from here");
    const api = await call("POST", "/api/v1/auth/magic-link", { body: { email: uniqueEmail() }, headers: client });
    await expectProblem(api, 429);
    expect(api.headers.get("retry-after")).toBe("60");
    // Another client is unaffected.
    expect((await call("POST", "/api/v1/auth/magic-link", { body: { email: uniqueEmail() }, headers: someClient() })).status).toBe(202);
    const dump = JSON.stringify(await env.DB.prepare("SELECT * FROM magic_link_sends").all()) + JSON.stringify(await env.DB.prepare("SELECT * FROM magic_links").all());
    expect(dump).not.toContain("203.0.113.77");
  });
});

describe("GET/POST /auth/verify", () => {
  it("GET only shows a confirmation page (mail scanners can't sign in), and its address never goes to another site as a referrer", async () => {
    const email = uniqueEmail();
    const token = await requestLink(email);
    for (let i = 0; i < 2; i++) {
      const res = await call("GET", `/auth/verify?token=${token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("referrer-policy")).toBe("same-origin"); // and its own form keeps a real Origin
      expect(res.headers.get("set-cookie")).toBeNull();
      const html = await res.text();
      expect(html).toContain(`Sign in as ${email}`);
      expect(html).toMatch(/<form method="post" action="\/auth\/verify">/);
    }
  });

  it("POST signs in: 303 to /dashboard with a 30-day HttpOnly Secure SameSite=Lax session cookie", async () => {
    const email = uniqueEmail();
    const res = await verify(await requestLink(email));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^melinks_session=[A-Za-z0-9_-]{43}; /);
    for (const attr of ["HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=2592000"]) expect(cookie).toContain(attr);
    const me = await call("GET", "/api/v1/me", { headers: { cookie: cookie.split(";")[0]! } });
    expect(await json(me)).toMatchObject({ email, plan: "free", pages: [], apiKeys: 0 });
  });

  it("stores the session in KV only under the SHA-256 of its id, expiring in 30 days", async () => {
    const s = await signIn();
    const id = s.cookie.split("=")[1]!;
    expect(await env.SESSIONS.get(`session:${id}`)).toBeNull();
    const hashed = `session:${await sha256Hex(id)}`;
    const value = await env.SESSIONS.getWithMetadata(hashed, "json");
    expect(value.value).toMatchObject({ userId: expect.any(String) });
    const { keys } = await env.SESSIONS.list({ prefix: "session:" });
    expect(keys.map((k) => k.name).join()).not.toContain(id);
    const k = keys.find((k) => k.name === hashed)!;
    expect(k.expiration! * 1000 - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
  });

  it.each([
    ["Sec-Fetch-Site: cross-site", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ["a foreign Origin (no Sec-Fetch-Site)", { origin: "https://evil.example" }],
    ["a sibling subdomain", { "sec-fetch-site": "same-site" }],
  ])("refuses a confirmation posted from another site (%s: login CSRF), leaving the link usable", async (_n, headers) => {
    const email = uniqueEmail();
    const token = await requestLink(email);
    const forged = await verify(token, headers);
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("This sign-in didn&#39;t come from MeLinks");
    expect(forged.headers.get("set-cookie")).toBeNull();
    expect((await verify(token)).status).toBe(303); // the person's own confirmation still works
  });

  it("works once: a reused link gets a friendly page offering a new one", async () => {
    const token = await requestLink(uniqueEmail());
    expect((await verify(token)).status).toBe(303);
    const again = await verify(token);
    expect(again.status).toBe(410);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await again.text()).toContain('href="/login"');
  });

  it("expires after 15 minutes", async () => {
    const email = uniqueEmail();
    const token = await requestLink(email);
    await env.DB.prepare("UPDATE magic_links SET expires_at = ? WHERE email = ?").bind(Date.now() - 1, email).run();
    expect((await call("GET", `/auth/verify?token=${token}`)).status).toBe(410);
    const res = await verify(token);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("expired");
  });

  it("two concurrent uses of one link make exactly one session", async () => {
    const token = await requestLink(uniqueEmail());
    const results = await Promise.all(Array.from({ length: 5 }, () => verify(token)));
    expect(results.map((r) => r.status).sort()).toEqual([303, 410, 410, 410, 410]);
  });

  it.each([
    ["/dashboard/pages/ada", "/dashboard/pages/ada"],
    ["//evil.example/x", "/dashboard"],
    ["https://evil.example/", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["javascript:alert(1)", "/dashboard"],
  ])("redirects to next=%j only when it is same-origin (→ %s)", async (next, location) => {
    const res = await verify(await requestLink(uniqueEmail(), next));
    expect(res.headers.get("location")).toBe(location);
  });

  it("a new session on every sign-in", async () => {
    const email = uniqueEmail();
    const one = await signIn(email);
    const two = await signIn(email);
    expect(one.cookie).not.toBe(two.cookie);
    expect((await call("GET", "/api/v1/me", { headers: { cookie: one.cookie } })).status).toBe(200);
    expect((await call("GET", "/api/v1/me", { headers: { cookie: two.cookie } })).status).toBe(200);
  });
});

describe("the login form from another site", () => {
  it.each([
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["a foreign Origin (no Sec-Fetch-Site)", { origin: "https://evil.example" }],
    ["only a foreign Referer", { referer: "https://evil.example/" }],
  ])("is refused (%s) with a page in words, and mails nothing", async (_n, evil) => {
    const email = uniqueEmail("xsite");
    const res = await call("POST", "/login", { rawBody: new URLSearchParams({ email }).toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...evil } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("This form didn&#39;t come from MeLinks");
    expect(await mailsTo(email)).toEqual([]);
  });
});

describe("the login form's next", () => {
  it("puts back into the form, and mails on, only a canonical same-origin path", async () => {
    const post = (fields: Record<string, string>) =>
      call("POST", "/login", { rawBody: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" } });
    // A bad address re-shows the form: a hostile next is not carried over, a good one is.
    const hostile = await (await post({ email: "not-an-address", next: "/.//evil.example/x" })).text();
    expect(hostile).not.toContain("evil.example");
    const good = await (await post({ email: "not-an-address", next: "/dashboard/account" })).text();
    expect(good).toContain('value="/dashboard/account"');
  });
});
