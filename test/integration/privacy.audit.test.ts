// The privacy audit (docs/contract.md#privacy-promises): every public route is driven by a visitor whose request
// carries distinctive addresses (CF-Connecting-IP, X-Forwarded-For, X-Real-IP), a distinctive user
// agent and a full referrer URL with a distinctive path, query and fragment. Then the clicks are
// flushed and everything we store is dumped — every D1 table, every KV key and value, every table of
// every page Durable Object's SQLite plus its key-value storage — and none of those values may appear
// anywhere (the referrer's *domain* may, for pro pages: that is the one thing pro analytics keep).
// Every response is also checked: no cookie (except the owner's own session cookie when signing in)
// and no HTML that makes the browser talk to another origin.
import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/lib/crypto";
import { CLICK_FIELDS, VIEW_FIELDS, DEV_OUTBOX_TTL_DAYS, MAGIC_LINK_TTL_MINUTES, SESSION_TTL_DAYS, THIRD_PARTIES, UNCLAIMED_PAGE_TTL_DAYS, UNCONFIRMED_SIGNUP_TTL_DAYS } from "../../src/lib/policy";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { proPageWithSignup } from "../helpers/pro-page";
import { mailTo } from "../helpers/sign-in";
import { confirmationMail } from "../helpers/signup-mail";

const IP = "203.0.113.187";
const XFF_IPS = ["198.51.100.231", "192.0.2.77"];
const REAL_IP = "2001:db8:feed::c0ff:ee42";
const UA_MARK = "Zq4xMarker";
const UA = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 ${UA_MARK}/3.1`;
const REF_DOMAIN = "ref-audit.example";
const REF_PATH = "private-path-Pq9";
const REF_QUERY = "secretq=Qs7xw";
const REF_FRAGMENT = "frag-Fr5";
const REFERRER = `https://${REF_DOMAIN}/${REF_PATH}/story?${REF_QUERY}&utm_campaign=cmpZk2#${REF_FRAGMENT}`;

const visitor = {
  "cf-connecting-ip": IP,
  "x-forwarded-for": XFF_IPS.join(", "),
  "x-real-ip": REAL_IP,
  "user-agent": UA,
  referer: REFERRER,
  "cf-ipcountry": "DE",
};

/** Strings that must appear nowhere in storage. The referrer's domain alone is allowed (pro). */
async function forbiddenNeedles(): Promise<string[]> {
  const ips = [IP, ...XFF_IPS, REAL_IP];
  return [
    ...ips,
    ...(await Promise.all(ips.map((ip) => sha256Hex(ip)))), // a bare hash of an address is still an identifier
    UA_MARK,
    "Chrome/130.0.0.0",
    REF_PATH,
    "Qs7xw",
    "secretq",
    "cmpZk2",
    REF_FRAGMENT,
    REFERRER,
    `${REF_DOMAIN}/`,
  ];
}

interface Seen {
  label: string;
  status: number;
  setCookie: string | null;
  contentType: string;
  body: string;
}
const seen: Seen[] = [];
/** The tokens of the signup-confirmation mails sent during the visit (confirm and remove links). */
const signupTokens: string[] = [];

async function visit(label: string, method: string, path: string, opts: { form?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await call(method, path, {
    headers: { ...visitor, ...(opts.form ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...opts.headers },
    ...(opts.form ? { rawBody: new URLSearchParams(opts.form).toString() } : {}),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const body = await res.text();
  const s = { label, status: res.status, setCookie: res.headers.get("set-cookie"), contentType: res.headers.get("content-type") ?? "", body };
  seen.push(s);
  return s;
}

/** Every table of the D1 database, every row. */
async function dumpD1(): Promise<Record<string, unknown[]>> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
  ).all<{ name: string }>();
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
  return out;
}

/** Every KV key, with its value and metadata. */
async function dumpKV(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  let cursor: string | undefined;
  do {
    const page = await env.SESSIONS.list({ cursor });
    for (const k of page.keys) out[k.name] = { value: await env.SESSIONS.get(k.name), metadata: k.metadata ?? null };
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

/** Every table of one DO's SQLite, and its key-value storage. */
function dumpDO(id: DurableObjectId): Promise<Record<string, unknown>> {
  return runInDurableObject(env.LINK_PAGE.get(id), async (_i, state) => {
    const out: Record<string, unknown> = {};
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray();
    for (const { name } of tables) out[name] = state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray();
    out["<kv>"] = Object.fromEntries(await state.storage.list());
    return out;
  });
}

/** Every URL an HTML document makes the browser load, submit to or navigate to. */
function referencedUrls(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/\s(?:src|href|action|formaction|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) urls.push(m[1] ?? m[2] ?? m[3]!);
  for (const m of html.matchAll(/\ssrcset\s*=\s*"([^"]*)"/gi)) for (const part of m[1]!.split(",")) urls.push(part.trim().split(/\s+/)[0]!);
  for (const m of html.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)/gi)) urls.push((m[1] ?? m[2] ?? m[3]!).trim());
  for (const m of html.matchAll(/@import\s+["']([^"']+)["']/gi)) urls.push(m[1]!);
  return urls.map((u) => u.replace(/&amp;/g, "&"));
}

const OWN_ORIGINS = new Set(["http://localhost", new URL(env.APP_URL).origin]);
/** Another origin: an absolute or scheme-relative URL whose origin is not ours (mailto:/tel: open the visitor's own apps). */
function foreign(url: string): boolean {
  if (/^(mailto|tel):/i.test(url)) return false;
  if (/^data:/i.test(url)) return false; // inline, loads nothing (the CSP decides whether it may be used)
  const abs = /^[a-z][a-z0-9+.-]*:/i.test(url) || /^[\\/]{2}/.test(url);
  if (!abs) return false;
  try {
    return !OWN_ORIGINS.has(new URL(url, "http://localhost").origin);
  } catch {
    return true;
  }
}

describe("privacy audit: a visitor's addresses, user agent and referrer are kept nowhere", () => {
  let free: { slug: string; linkId: string; token: string };
  let pro: { slug: string; linkId: string; owner: { headers: Record<string, string> } };
  const unknown = uniqueSlug("nobody");
  const ownerEmail = "audit-owner@example.com";

  beforeAll(async () => {
    const f = await createPage({ links: [{ title: "Site", url: "https://example.com/" }] });
    free = { slug: f.slug, linkId: f.page.links[0].id, token: f.token };
    const p = await proPageWithSignup();
    pro = { slug: p.slug, linkId: p.page.links[0].id, owner: p.owner };

    // ---- every public route, as the distinctive visitor ----
    await visit("home", "GET", "/");
    await visit("healthz", "GET", "/healthz");
    await visit("privacy", "GET", "/privacy");
    await visit("privacy.json", "GET", "/.well-known/privacy.json");
    await visit("free page", "GET", `/${free.slug}`);
    const proPage = await visit("pro page", "GET", `/${pro.slug}`);
    // The pro page carries the referrer's domain (only), signed, to its links.
    const signed = proPage.body.match(new RegExp(`/${pro.slug}/go/${pro.linkId}(\\?r=${REF_DOMAIN.replace(".", "\\.")}&amp;s=[A-Za-z0-9_-]{22})"`));
    expect(signed, "a signed referrer on the pro page's link").not.toBeNull();
    await visit("unknown page", "GET", `/${unknown}`);
    await visit("free click", "GET", `/${free.slug}/go/${free.linkId}`);
    await visit("free click with r", "GET", `/${free.slug}/go/${free.linkId}?r=${REF_DOMAIN}`);
    await visit("pro click", "GET", `/${pro.slug}/go/${pro.linkId}${signed![1]!.replace("&amp;", "&")}`);
    await visit("pro click, unsigned r", "GET", `/${pro.slug}/go/${pro.linkId}?r=${REF_DOMAIN}`);
    await visit("pro click, r smuggling a path", "GET", `/${pro.slug}/go/${pro.linkId}?r=${encodeURIComponent(`${REF_DOMAIN}/${REF_PATH}?${REF_QUERY}`)}`);
    await visit("pro click, r = full referrer", "GET", `/${pro.slug}/go/${pro.linkId}?r=${encodeURIComponent(REFERRER)}`);
    await visit("pro click HEAD", "HEAD", `/${pro.slug}/go/${pro.linkId}`);
    await visit("unknown link", "GET", `/${free.slug}/go/no-such-link`);
    await visit("signup form", "POST", `/${pro.slug}/subscribe`, { form: { email: "audit-sub-form@example.com" } });
    await visit("signup page after", "GET", `/${pro.slug}?signup=subscribed`);
    await visit("signup API", "POST", `/api/v1/pages/${pro.slug}/subscribers`, { body: { email: "audit-sub-api@example.com" } });
    // Double opt-in: the confirmation mail's links, as the subscriber (the same visitor) opens them.
    for (const address of ["audit-sub-form@example.com", "audit-sub-api@example.com"]) {
      signupTokens.push((await confirmationMail(address)).token);
    }
    await visit("signup confirm GET", "GET", `/signup/confirm?token=${signupTokens[0]}`);
    await visit("signup confirm POST", "POST", "/signup/confirm", { form: { token: signupTokens[0]! } });
    await visit("signup remove GET", "GET", `/signup/remove?token=${signupTokens[1]}`);
    await visit("report form", "GET", `/report/${free.slug}`);
    await visit("report", "POST", `/report/${free.slug}`, { form: { reason: "spam", details: "looks like spam" } });
    await visit("report sent", "GET", `/report/${free.slug}?sent=1`);
    await visit("login", "GET", "/login");
    const ml = await visit("magic link", "POST", "/api/v1/auth/magic-link", { body: { email: ownerEmail } });
    expect(ml.status).toBe(202);
    const token = (await mailTo(ownerEmail)).text.match(/token=([A-Za-z0-9_-]+)/)![1]!;
    await visit("verify GET", "GET", `/auth/verify?token=${token}`);
    const signedIn = await visit("verify POST", "POST", "/auth/verify", { form: { token }, headers: { origin: "http://localhost" } });
    expect(signedIn.status).toBe(303);
    await visit("verify POST reused", "POST", "/auth/verify", { form: { token }, headers: { origin: "http://localhost" } });

    // ---- views this isolate still holds go to their DOs (an analytics read sends them), then ----
    // ---- flush every page DO's click and view buffer to D1 ----
    expect((await call("GET", `/api/v1/pages/${free.slug}/analytics`, { token: free.token })).status).toBe(200);
    expect((await call("GET", `/api/v1/pages/${pro.slug}/analytics`, { headers: pro.owner.headers })).status).toBe(200);
    for (const id of await listDurableObjectIds(env.LINK_PAGE)) await runDurableObjectAlarm(env.LINK_PAGE.get(id));
  });

  it("drove every route to the outcome it should have (so the dump below is not vacuous)", async () => {
    const status = Object.fromEntries(seen.map((s) => [s.label, s.status]));
    expect(status).toMatchObject({
      home: 200, healthz: 200, privacy: 200, "privacy.json": 200, "free page": 200, "pro page": 200, "unknown page": 404,
      "free click": 302, "free click with r": 302, "pro click": 302, "pro click, unsigned r": 302, "pro click, r smuggling a path": 302, "pro click, r = full referrer": 302,
      "pro click HEAD": 302, "unknown link": 404, "signup form": 303, "signup page after": 200, "signup API": 202,
      "signup confirm GET": 200, "signup confirm POST": 200, "signup remove GET": 200,
      "report form": 200, report: 303, "report sent": 200, login: 200, "magic link": 202, "verify GET": 200, "verify POST": 303, "verify POST reused": 410,
    });
    // Views were counted and flushed: which page and hour, nothing else (free: its page; pro: the page and the signup page after).
    const { results: viewRows } = await env.DB.prepare(
      "SELECT p.slug, SUM(v.views) AS n FROM view_counts v JOIN pages p ON p.id = v.page_id GROUP BY 1 ORDER BY 1",
    ).all<{ slug: string; n: number }>();
    expect(viewRows.filter((r) => r.slug === free.slug || r.slug === pro.slug).sort((a, b) => (a.slug === free.slug ? -1 : 1))).toEqual([
      { slug: free.slug, n: 1 },
      { slug: pro.slug, n: 2 },
    ]);
    const columns = (await env.DB.prepare("SELECT name FROM pragma_table_info('view_counts')").all<{ name: string }>()).results.map((c) => c.name);
    expect(columns).toEqual(["page_id", "hour", "views"]);
    // Clicks were counted and flushed: 2 on the free page (link and time only), 4 on the pro page (only the signed referrer kept).
    const { results } = await env.DB.prepare(
      "SELECT p.slug, c.country, c.referrer, SUM(c.clicks) AS n FROM click_counts c JOIN pages p ON p.id = c.page_id GROUP BY 1, 2, 3 ORDER BY 1, 3",
    ).all<{ slug: string; country: string; referrer: string; n: number }>();
    expect(results.filter((r) => r.slug === free.slug)).toEqual([{ slug: free.slug, country: "", referrer: "", n: 2 }]);
    expect(results.filter((r) => r.slug === pro.slug)).toEqual([
      { slug: pro.slug, country: "DE", referrer: "", n: 3 },
      { slug: pro.slug, country: "DE", referrer: REF_DOMAIN, n: 1 },
    ]);
    for (const id of await listDurableObjectIds(env.LINK_PAGE)) {
      const d = await dumpDO(id);
      if (d.clicks) expect(d.clicks, "every buffered click was flushed").toEqual([]);
    }
    const subs = await env.DB.prepare("SELECT email FROM subscribers ORDER BY email").all<{ email: string }>();
    expect(subs.results.map((r) => r.email)).toEqual(["audit-sub-api@example.com", "audit-sub-form@example.com"]);
  });

  it("D1, KV and every page DO's storage hold none of the visitor's addresses, user agent or referrer path/query", async () => {
    const dumps: Record<string, unknown> = { d1: await dumpD1(), kv: await dumpKV() };
    const ids = await listDurableObjectIds(env.LINK_PAGE);
    expect(ids.length).toBeGreaterThanOrEqual(3); // free, pro, and the unknown slug that was looked up
    for (const id of ids) dumps[`do:${id.toString()}`] = await dumpDO(id);
    const text = JSON.stringify(dumps);
    expect(Object.keys(dumps.d1 as object)).toEqual(expect.arrayContaining(["pages", "click_counts", "view_counts", "subscribers", "reports", "users", "magic_links"]));
    expect(text).toContain(REF_DOMAIN); // allowed: the pro page's referrer domain
    for (const needle of await forbiddenNeedles()) {
      const at = text.indexOf(needle);
      expect(at, `${needle} found in storage: …${text.slice(Math.max(0, at - 200), at + 100)}…`).toBe(-1);
    }
    // Signup confirmation tokens are stored only as SHA-256 (subscribers.token_hash). The KV dump is
    // left out here: in development it holds the dev outbox, i.e. the sent mail itself.
    const stored = JSON.stringify({ ...dumps, kv: undefined });
    expect(signupTokens).toHaveLength(2);
    for (const token of signupTokens) {
      expect(stored).not.toContain(token);
      expect(stored).toContain(await sha256Hex(token));
    }
  });

  it("no response echoed the visitor's addresses, user agent or referrer path back", async () => {
    for (const s of seen) {
      for (const needle of [IP, ...XFF_IPS, REAL_IP, UA_MARK, REF_PATH, "Qs7xw"]) expect(s.body, `${s.label} echoes ${needle}`).not.toContain(needle);
    }
  });

  it("no public response set a cookie; signing in sets only the owner's HttpOnly, Secure, SameSite=Lax session cookie", () => {
    for (const s of seen) {
      if (s.label === "verify POST") continue;
      expect(s.setCookie, s.label).toBeNull();
    }
    const cookie = seen.find((s) => s.label === "verify POST")!.setCookie!;
    expect(cookie.split(/,(?=\s*[^;,=\s]+=)/)).toHaveLength(1); // one cookie
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(new RegExp(`Max-Age=${SESSION_TTL_DAYS * 86_400}`));
  });

  it("no HTML response references another origin (src, href, action, srcset, CSS url() and @import)", () => {
    const html = seen.filter((s) => s.contentType.includes("text/html"));
    expect(html.length).toBeGreaterThanOrEqual(10);
    for (const s of html) {
      const urls = referencedUrls(s.body);
      expect(urls.length, s.label).toBeGreaterThan(0);
      expect(urls.filter(foreign), s.label).toEqual([]);
    }
  });

  it("/.well-known/privacy.json states cookies, third parties, fields kept per click by plan, and retention — from the constants the code uses", async () => {
    const facts = await json(await call("GET", "/.well-known/privacy.json"));
    expect(facts.visitors.cookies).toEqual([]);
    expect(facts.visitors.thirdPartyRequests).toEqual([]);
    expect(facts.visitors.clickAnalytics).toEqual({ free: [...CLICK_FIELDS.free], pro: [...CLICK_FIELDS.pro] });
    expect(facts.visitors.pageViews).toMatchObject({ stored: [...VIEW_FIELDS], uniqueVisitorEstimate: false });
    expect(facts.visitors.neverStored).toEqual(expect.arrayContaining(["IP addresses", "user agents", "full referrer URLs"]));
    expect(facts.owners.sessionCookie).toEqual({ attributes: ["HttpOnly", "Secure", "SameSite=Lax"], lifetimeDays: SESSION_TTL_DAYS });
    expect(facts.thirdParties.map((t: any) => t.name)).toEqual(THIRD_PARTIES.map((t) => t.name));
    expect(facts.retention).toMatchObject({
      sessionsDays: SESSION_TTL_DAYS,
      magicLinksMinutes: MAGIC_LINK_TTL_MINUTES,
      unclaimedPagesDays: UNCLAIMED_PAGE_TTL_DAYS,
      devOutboxDays: DEV_OUTBOX_TTL_DAYS,
      clickAggregates: expect.stringContaining("until the page is deleted"),
      clickBuffer: expect.any(String),
      emailSignups: expect.any(String),
      profilePhotos: expect.stringContaining("no EXIF, GPS, XMP"),
    });
    // The stored facts match what the code does: a session's KV entry and a magic link's expiry.
    const kv = await dumpKV();
    expect(Object.keys(kv).some((k) => k.startsWith("session:"))).toBe(true);
    const link = await env.DB.prepare("SELECT created_at, expires_at FROM magic_links LIMIT 1").first<{ created_at: number; expires_at: number }>();
    if (link) expect(link.expires_at - link.created_at).toBe(MAGIC_LINK_TTL_MINUTES * 60_000);
    // /privacy says the same in words.
    const page = await (await call("GET", "/privacy")).text();
    expect(page).toContain(`Sessions: ${SESSION_TTL_DAYS} days`);
    expect(page).toContain(`Pages nobody claimed: ${UNCLAIMED_PAGE_TTL_DAYS} days`);
    // Double opt-in: the published 7 days are the ones a pending signup row carries.
    expect(facts.retention.unconfirmedSignupsDays).toBe(UNCONFIRMED_SIGNUP_TTL_DAYS);
    expect(facts.signupConfirmation).toMatchObject({ doubleOptInByDefault: true, unconfirmedDeletedAfterDays: UNCONFIRMED_SIGNUP_TTL_DAYS, revealsWhetherAlreadySubscribed: false });
    expect(facts.thirdParties.find((t: any) => t.name === "Resend").purpose).toContain("signup-confirmation");
    expect(page).toContain(`An address nobody confirms is deleted after ${UNCONFIRMED_SIGNUP_TTL_DAYS} days`);
    const pending = await env.DB.prepare("SELECT created_at, pending_until FROM subscribers WHERE pending_until IS NOT NULL LIMIT 1").first<{ created_at: string; pending_until: string }>();
    expect(Date.parse(pending!.pending_until) - Date.parse(pending!.created_at)).toBe(UNCONFIRMED_SIGNUP_TTL_DAYS * 86_400_000);
    expect(page).toContain("Profile photos: re-encoded on upload (no EXIF, GPS, XMP");
  });
});
