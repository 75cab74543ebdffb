// A viral page (docs/caching.md): the router's isolate cache makes at most one render call per page at
// a time, refreshes a copy ahead of its expiry while it keeps serving, caches no failed render, and
// the location tier (the Cache API) holds nothing an edit could leave stale. Requests go through the
// real router with its real DO, whose namespace is wrapped here (and only here) so the test can count
// render calls, hold one back, or fail one.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { call } from "../helpers/api";
import { BROWSER_UA } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { HOT_RENDERS_PER_SECOND } from "../../src/link-page/render-memory";
import { share } from "../../src/lib/location-cache";
import { PAGE_CACHE_TTL_MS, type CachedPage } from "../../src/lib/page-cache";

/** The real LINK_PAGE namespace, with every render() call counted and passed through `hook`. */
function countingRenders(hook: (go: () => Promise<unknown>) => Promise<unknown> = (go) => go()) {
  const counter = { renders: 0 };
  const ns = env.LINK_PAGE;
  const wrapped = {
    getByName(name: string) {
      const stub = ns.getByName(name);
      return new Proxy(stub, {
        get(target, prop) {
          if (prop !== "render") return Reflect.get(target, prop);
          return (...args: unknown[]) => {
            counter.renders++;
            return hook(() => (target.render as (...a: unknown[]) => Promise<unknown>)(...args));
          };
        },
      });
    },
  };
  // `counted: false`: no user agent, so no view is counted (its batch timer would keep the request's
  // waitUntil open for a second, longer than a copy lives).
  const get = async (slug: string, { counted = true, query = "" } = {}) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`http://localhost/${slug}${query}`, { headers: counted ? { "user-agent": BROWSER_UA } : {} }), { ...env, LINK_PAGE: wrapped } as unknown as Cloudflare.Env, ctx);
    const body = await res.text();
    return { status: res.status, body, settled: waitOnExecutionContext(ctx) };
  };
  return { counter, get };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a viral page: one render at a time per isolate", () => {
  it("many concurrent misses make one render call, and every request gets the page", async () => {
    const { slug } = await createPage({ displayName: "Single Flight" });
    const { counter, get } = countingRenders();
    const answers = await Promise.all(Array.from({ length: 40 }, () => get(slug)));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    expect(answers.every((a) => a.body.includes("Single Flight"))).toBe(true);
    expect(counter.renders).toBe(1);
    await Promise.all(answers.map((a) => a.settled));
  });

  it("refreshes ahead: near its expiry the copy keeps serving while one background render runs", async () => {
    const { slug, token } = await createPage({ displayName: "Before Refresh" });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let holding = false;
    const { counter, get } = countingRenders(async (go) => {
      if (!holding) return go();
      await gate; // the refresh render waits until the test lets it go
      return go();
    });
    const first = await get(slug);
    expect(first.body).toContain("Before Refresh");
    holding = true;
    // Views every 10 ms until one starts the refresh (in the copy's last 100–200 ms): that view and
    // the one after it are answered from the copy while the refresh is held back.
    const during: Awaited<ReturnType<typeof get>>[] = [];
    while (counter.renders < 2) {
      during.push(await get(slug));
      await sleep(10);
    }
    const afterTrigger = await get(slug);
    expect(during.every((a) => a.status === 200 && a.body.includes("Before Refresh"))).toBe(true);
    expect(afterTrigger.body).toContain("Before Refresh");
    expect(counter.renders).toBe(2); // one refresh, however many views
    release();
    await Promise.all([...during, afterTrigger].map((a) => a.settled));
    // An edit now: its response is the signal that no copy of the old page is served any more.
    expect((await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { displayName: "After Edit" } })).status).toBe(200);
    expect((await get(slug)).body).toContain("After Edit");
  });

  it("a failed render: every waiting request gets an error page, nothing is cached, the next view renders again", async () => {
    const { slug } = await createPage({ displayName: "Fails Once" });
    let fail = true;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { counter, get } = countingRenders(async (go) => {
      if (!fail) return go();
      await gate;
      throw new Error("injected: the DO did not answer");
    });
    const pending = Array.from({ length: 10 }, () => get(slug));
    while (counter.renders < 1) await sleep(1);
    release();
    const failed = await Promise.all(pending);
    expect(failed.map((a) => a.status)).toEqual(Array(10).fill(500));
    expect(counter.renders).toBe(1);
    fail = false;
    const next = await get(slug);
    expect(next.status).toBe(200);
    expect(next.body).toContain("Fails Once");
    expect(counter.renders).toBe(2);
  });
});

describe("the location tier (Cache API)", () => {
  const tierCopy = async (slug: string) => {
    const res = await (await caches.open("melinks-pages")).match(`https://localhost/__pages/${slug}`);
    return res ? ((await res.json()) as { html: string; expiresAt: number }) : undefined;
  };

  /** Other isolates rendering the page: render calls straight to its DO, as their routers make them. */
  const renderedElsewhere = async (slug: string, n = HOT_RENDERS_PER_SECOND) => {
    for (let i = 0; i < n; i++) await env.LINK_PAGE.getByName(slug).render(Date.now());
  };

  it("a cold page is shared once, on an isolate's first load of it; its later renders stay out of the tier", async () => {
    const { slug } = await createPage({ displayName: "Quiet Page" });
    const { counter, get } = countingRenders();
    const first = await get(slug, { counted: false });
    await first.settled;
    expect(first.body).toContain("Quiet Page");
    const shared = await tierCopy(slug);
    expect(shared?.html).toContain("Quiet Page");
    // Views until this isolate renders the page again (its copy expired): the page is not hot, so that
    // render neither reads nor writes the location's copy — it is still the first one.
    const deadline = Date.now() + 10_000;
    while (counter.renders < 2 && Date.now() < deadline) await (await get(slug, { counted: false })).settled;
    expect(counter.renders).toBe(2);
    expect((await tierCopy(slug))?.expiresAt).toBe(shared!.expiresAt);
  });

  it("holds a hot page as everyone sees it, and no copy of it is servable once an edit has returned", async () => {
    const { slug, token } = await createPage({ displayName: "Tier Version 1" });
    await renderedElsewhere(slug); // many isolates serve it: its DO calls it hot
    const { get } = countingRenders();
    const first = await get(slug, { counted: false });
    await first.settled; // the location copy is written in the request's waitUntil
    const copy = await tierCopy(slug);
    expect(copy?.html).toContain("Tier Version 1");
    expect((await call("PATCH", `/api/v1/pages/${slug}`, { token, body: { displayName: "Tier Version 2" } })).status).toBe(200);
    // The edit returned: the old location copy has expired by this machine's clock (readers use it
    // only before its expiry), and the next view shows the edit.
    const old = await tierCopy(slug);
    if (old?.html.includes("Tier Version 1")) expect(old.expiresAt).toBeLessThanOrEqual(Date.now());
    expect((await get(slug)).body).toContain("Tier Version 2");
  });

  it("an isolate that took a page from the location tier looks there again when its copy runs out, instead of asking the DO", async () => {
    const { slug } = await createPage({ displayName: "Rendered Here" });
    const copyOf = (html: string): CachedPage => ({ html, csp: "default-src 'none'", plan: "free", expiresAt: Date.now() + PAGE_CACHE_TTL_MS });
    // Another isolate of this location rendered the page; this one has never loaded it.
    const first = copyOf("<p>From another isolate</p>");
    await share("localhost", slug, first, Date.now());
    const { counter, get } = countingRenders();
    expect((await get(slug, { counted: false })).body).toContain("From another isolate");
    // That isolate refreshed meanwhile; once this isolate's copy has expired, its next view looks in the tier.
    while (Date.now() < first.expiresAt) await sleep(first.expiresAt - Date.now());
    await share("localhost", slug, copyOf("<p>Refreshed by the other isolate</p>"), Date.now());
    const next = await get(slug, { counted: false });
    expect(next.body).toContain("Refreshed by the other isolate");
    expect(counter.renders).toBe(0);
    await next.settled;
  });

  it("never holds a 404 or a signup-outcome page", async () => {
    const { get } = countingRenders();
    const missing = await get("no-such-page-here", { counted: false });
    await missing.settled;
    expect(missing.status).toBe(404);
    expect(await tierCopy("no-such-page-here")).toBeUndefined();
    const { slug } = await createPage({ displayName: "Signup Variant" });
    await renderedElsewhere(slug);
    const variant = await get(slug, { counted: false, query: "?signup=subscribed" });
    await variant.settled;
    expect(variant.body).toContain("Signup Variant");
    expect(await tierCopy(slug)).toBeUndefined();
  });
});
