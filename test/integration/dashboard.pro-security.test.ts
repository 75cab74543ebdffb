// The Pro page's doors: signed-out visitors go to /login, another account's page looks like no page
// (and its subscribers and webhooks are untouched), and cross-site form posts are refused (CSRF).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { getAs, postForm } from "../helpers/dashboard";
import { proPageWithSignup } from "../helpers/pro-page";
import { signIn, type Session } from "../helpers/sign-in";

const proPath = (slug: string) => `/dashboard/pages/${slug}/pro`;

/** A pro page with one subscriber and one webhook; returns what a test needs to check nothing changed. */
async function fullPage() {
  const { owner, slug } = await proPageWithSignup({ confirm: false }); // listed at once: one subscriber to protect
  expect((await call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email: "reader@example.com" } })).status).toBe(202);
  const hook = await call("POST", `/api/v1/pages/${slug}/webhooks`, { headers: owner.headers, body: { url: "https://example.com/hook", events: ["page.updated"] } }).then(json);
  return { owner, slug, hookId: hook.id as string };
}

async function unchanged(owner: Session, slug: string) {
  const page = await call("GET", `/api/v1/pages/${slug}`, { headers: owner.headers }).then(json);
  expect(page.emailSignup).toEqual({ enabled: true, heading: "Join my newsletter", buttonText: "Join", confirm: false });
  const subs = await call("GET", `/api/v1/pages/${slug}/subscribers`, { headers: owner.headers }).then(json);
  expect(subs.subscribers.map((s: any) => s.email)).toEqual(["reader@example.com"]);
  const hooks = await call("GET", `/api/v1/pages/${slug}/webhooks`, { headers: owner.headers }).then(json);
  expect(hooks.webhooks).toHaveLength(1);
  const queued = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ?").bind(hooks.webhooks[0].id).first<{ n: number }>();
  expect(queued!.n).toBe(0);
}

/** Every form post of the Pro page, as a (possibly hostile) caller might send it. */
const posts = (slug: string, hookId: string): [string, Record<string, string>][] => [
  [`${proPath(slug)}/signup`, { heading: "pwned" }],
  [`${proPath(slug)}/subscribers/remove`, { email: "reader@example.com", confirm: "yes" }],
  [`${proPath(slug)}/webhooks`, { url: "https://evil.example/hook", events: "page.updated" }],
  [`${proPath(slug)}/webhooks/${hookId}/test`, {}],
  [`${proPath(slug)}/webhooks/${hookId}/delete`, { confirm: "yes" }],
];

describe("signed out", () => {
  it("GETs redirect to /login with next; posts redirect and change nothing", async () => {
    const { owner, slug, hookId } = await fullPage();
    for (const path of [proPath(slug), `${proPath(slug)}?before=abc`]) {
      const res = await call("GET", path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    expect((await call("GET", `${proPath(slug)}/webhooks/fragment`)).status).toBe(303);
    for (const [path, fields] of posts(slug, hookId)) {
      const res = await postForm(null, path, fields, { origin: "http://localhost" });
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toBe("/login?next=%2Fdashboard");
    }
    await unchanged(owner, slug);
  });
});

describe("owner only", () => {
  it("another account's page, an unclaimed one or no page at all look the same: 404, nothing leaks, nothing changes", async () => {
    const { owner, slug, hookId } = await fullPage();
    const other = await signIn();
    const anon = await createPage();
    for (const target of [slug, anon.slug, "no-such-page-here"]) {
      for (const path of [proPath(target), `${proPath(target)}/webhooks/fragment`]) {
        const res = await getAs(other, path);
        expect(res.status, path).toBe(404);
        const html = await res.text();
        expect(html).not.toContain("reader@example.com");
        expect(html).not.toContain("example.com/hook");
      }
    }
    for (const [path, fields] of posts(slug, hookId)) {
      const res = await postForm(other, path, fields);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain("reader@example.com");
    }
    await unchanged(owner, slug);
  });

  it("a webhook id or subscriber of one page can't be reached through another page of the same owner", async () => {
    const { owner, slug, hookId } = await fullPage();
    const second = await call("POST", "/api/v1/pages", { headers: owner.headers, body: { slug: `${slug}-2`, displayName: "Second" } }).then(json);
    const mine = second.page.slug as string;
    expect((await postForm(owner, `${proPath(mine)}/webhooks/${hookId}/test`, {})).status).toBe(404);
    expect((await postForm(owner, `${proPath(mine)}/webhooks/${hookId}/delete`, { confirm: "yes" })).status).toBe(404);
    expect((await postForm(owner, `${proPath(mine)}/subscribers/remove`, { email: "reader@example.com", confirm: "yes" })).status).toBe(303);
    await unchanged(owner, slug);
  });
});

describe("CSRF", () => {
  it("refuses every cross-site form post that carries the session cookie", async () => {
    const { owner, slug, hookId } = await fullPage();
    const evils: Record<string, string>[] = [{ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, { origin: "null" }, { "sec-fetch-site": "same-site" }];
    for (const evil of evils) {
      for (const [path, fields] of posts(slug, hookId)) {
        const res = await postForm(owner, path, fields, evil);
        expect(res.status, `${path} ${JSON.stringify(evil)}`).toBe(403);
      }
    }
    await unchanged(owner, slug);
  });
});

describe("headers", () => {
  it("the Pro page and its fragment are private, framed by no one, and load nothing from elsewhere", async () => {
    const { owner, slug } = await fullPage();
    const res = await getAs(owner, proPath(slug));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\b(src="\/assets\/|type="application\/json"))/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)="(https?:)?\/\//);
    const fragment = await getAs(owner, `${proPath(slug)}/webhooks/fragment`);
    expect(fragment.headers.get("cache-control")).toBe("no-store");
    expect(fragment.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});
