// The isolate's page cache on its own, with an injected clock and loads the test resolves by hand:
// single-flight, refresh-ahead, failures and the freshness bound (src/lib/page-cache.ts).
import { describe, expect, it } from "vitest";
import { FOLLOWER_LEAD_SHARE, PAGE_CACHE_TTL_MS, PageCache, REFRESH_AHEAD_MS, type CachedPage } from "../../src/lib/page-cache";

function harness() {
  let now = 1_000_000;
  const cache = new PageCache({ clock: () => now, random: () => 1 }); // refresh exactly REFRESH_AHEAD_MS ahead
  const loads: { requestedAt: number; own: boolean; resolve: (p: CachedPage | null) => void; reject: (e: unknown) => void }[] = [];
  const load = (requestedAt: number, own: boolean) => {
    const d = Promise.withResolvers<CachedPage | null>();
    loads.push({ requestedAt, own, resolve: d.resolve, reject: d.reject });
    return d.promise;
  };
  const background: Promise<unknown>[] = [];
  const get = () => cache.get("p|form", load, (w) => background.push(w));
  const page = (html: string, requestedAt: number): CachedPage => ({ html, csp: "", plan: "free", expiresAt: requestedAt + PAGE_CACHE_TTL_MS });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  const at = (i: number) => { const l = loads[i]; if (!l) throw new Error(`no load #${i}`); return l; };
  return { cache, loads, at, get, page, background, flush, tick: (ms: number) => (now += ms), now: () => now };
}

describe("page cache", () => {
  it("many concurrent misses make one render call, and all get its page", async () => {
    const h = harness();
    const gets = Array.from({ length: 50 }, () => h.get());
    await h.flush();
    expect(h.loads).toHaveLength(1);
    h.at(0).resolve(h.page("v1", h.at(0).requestedAt));
    const pages = await Promise.all(gets);
    expect(pages.every((p) => p?.html === "v1")).toBe(true);
    expect(h.loads).toHaveLength(1);
    expect(h.cache.inFlight).toBe(0);
  });

  it("refreshes ahead once in the copy's last stretch, serving the valid copy meanwhile", async () => {
    const h = harness();
    const first = h.get();
    h.at(0).resolve(h.page("v1", h.at(0).requestedAt));
    await first;
    h.tick(PAGE_CACHE_TTL_MS - REFRESH_AHEAD_MS - 1);
    expect((await h.get())?.html).toBe("v1");
    expect(h.loads).toHaveLength(1); // not yet in the refresh window
    h.tick(1);
    for (let i = 0; i < 10; i++) expect((await h.get())?.html).toBe("v1");
    expect(h.loads).toHaveLength(2); // one background refresh, not ten
    expect(h.loads.map((l) => l.own)).toEqual([true, false]); // the refresh is no request's own render (its views are counted apart)
    expect(h.background.length).toBeGreaterThanOrEqual(1);
    h.at(1).resolve(h.page("v2", h.at(1).requestedAt));
    await Promise.all(h.background);
    expect((await h.get())?.html).toBe("v2");
    expect(h.loads).toHaveLength(2);
  });

  it("a copy taken from the location tier refreshes later than one rendered here, so the renderer's new copy is there first", async () => {
    const h = harness(); // random() = 1: the latest start of each window
    const first = h.get();
    h.at(0).resolve({ ...h.page("shared", h.at(0).requestedAt), fromLocation: true });
    await first;
    const followerLead = REFRESH_AHEAD_MS * FOLLOWER_LEAD_SHARE[1];
    expect(followerLead).toBeLessThan(REFRESH_AHEAD_MS / 2); // later than any copy rendered here
    h.tick(PAGE_CACHE_TTL_MS - REFRESH_AHEAD_MS); // where a copy rendered here would refresh
    expect((await h.get())?.html).toBe("shared");
    h.tick(REFRESH_AHEAD_MS - followerLead - 1);
    expect((await h.get())?.html).toBe("shared");
    expect(h.loads).toHaveLength(1); // a follower: not yet
    h.tick(1);
    expect((await h.get())?.html).toBe("shared");
    expect(h.loads).toHaveLength(2); // its own refresh, which looks in the location tier first (routes/public.ts)
    expect(h.at(1).own).toBe(false);
  });

  it("a copy is never served at or after its expiry: a request then waits for the refresh", async () => {
    const h = harness();
    const first = h.get();
    const t0 = h.at(0).requestedAt;
    h.at(0).resolve(h.page("v1", t0));
    await first;
    h.tick(PAGE_CACHE_TTL_MS - 10);
    await h.get(); // starts the refresh, still v1
    h.tick(10); // now == expiresAt of v1
    let settled = false;
    const waiting = h.get().then((p) => ((settled = true), p));
    await h.flush();
    expect(settled).toBe(false);
    expect(h.loads).toHaveLength(2);
    h.at(1).resolve(h.page("v2", h.at(1).requestedAt));
    expect((await waiting)?.html).toBe("v2");
  });

  it("a failed render: every waiter gets the error, nothing is cached, the next request renders again", async () => {
    const h = harness();
    const gets = Array.from({ length: 5 }, () => h.get().then(() => "ok", (e: Error) => e.message));
    await h.flush();
    h.at(0).reject(new Error("DO down"));
    expect(await Promise.all(gets)).toEqual(Array(5).fill("DO down"));
    expect(h.cache.peek("p|form", h.now())).toBeUndefined();
    const again = h.get();
    await h.flush();
    expect(h.loads).toHaveLength(2);
    h.at(1).resolve(h.page("v1", h.at(1).requestedAt));
    expect((await again)?.html).toBe("v1");
  });

  it("a render that comes back after its copy expired is not handed to requests that arrived after that", async () => {
    const h = harness();
    const leader = h.get();
    const t0 = h.at(0).requestedAt;
    h.tick(PAGE_CACHE_TTL_MS); // the DO is slow: this request arrives once the coming copy has expired
    const late = h.get();
    await h.flush();
    h.at(0).resolve(h.page("v1", t0));
    expect((await leader)?.html).toBe("v1"); // asked after the leader arrived: fresh for it
    await h.flush();
    expect(h.loads).toHaveLength(2); // the late request renders again
    h.at(1).resolve(h.page("v2", h.at(1).requestedAt));
    expect((await late)?.html).toBe("v2");
  });

  it("no page (404) is not cached, but is handed to the requests waiting for it", async () => {
    const h = harness();
    const gets = [h.get(), h.get(), h.get()];
    await h.flush();
    h.at(0).resolve(null);
    expect(await Promise.all(gets)).toEqual([null, null, null]);
    const next = h.get();
    await h.flush();
    expect(h.loads).toHaveLength(2);
    h.at(1).resolve(null);
    expect(await next).toBeNull();
  });
});
