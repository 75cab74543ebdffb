// Rendered public pages kept in the router Worker's isolate memory, so a hot page is answered
// without a Durable Object round trip (docs/caching.md#public-pages).
//
// Freshness without a version check per view: a copy lives at most PAGE_CACHE_TTL_MS from the
// moment its render was *requested*, and every edit in the page's DO (content, claim, plan, delete)
// returns only once every copy it may have handed out before the edit has expired (LinkPage
// #waitOutCachedCopies). So once an edit's response is sent, no isolate anywhere still serves the old
// page. Each side measures that interval on its own clock, so clock skew between machines cancels.
//
// A viral page (docs/caching.md#single-flight): at most one render call per key per isolate at a
// time. A request that misses while one is in flight waits for it by watching plain data (the
// flight's answer), on its own short timers: neither waking it from the rendering request (workerd
// here refuses a response finished from another request's context) nor awaiting that request's
// promise (cancelled when that request ends) is safe. In a copy's last REFRESH_AHEAD_MS one request
// renders again in its waitUntil while the copy keeps serving, so a steady stream of views never
// waits at all.

/** How long an isolate may reuse a render, and so how long an edit of a viewed page waits. */
export const PAGE_CACHE_TTL_MS = 1000;
/** Entries per isolate (a rendered page is a few KB). Least recently used entries go first. */
export const PAGE_CACHE_MAX_ENTRIES = 200;
/**
 * A copy this isolate rendered is rendered again in the background by the first request in its last
 * 50–100 % of this (drawn per copy, so isolates that rendered together drift apart).
 */
export const REFRESH_AHEAD_MS = 200;
/**
 * A copy taken from the location tier is refreshed later, in its last 20–35 % of REFRESH_AHEAD_MS:
 * the isolate that rendered it refreshes first, and its new copy is in the location tier by the time
 * the others look, so a location's isolates take turns at nothing — one renders, the rest follow
 * (docs/caching.md#refresh-ahead). Were that isolate gone, a follower renders then, finishing around
 * the copy's expiry, and leads from then on.
 */
export const FOLLOWER_LEAD_SHARE = [0.2, 0.35] as const;

export interface CachedPage {
  /** Taken down by the operator (410). */
  gone?: true;
  /** Renamed: 301 to this slug. An edit of the moved-away page (the move itself) waits copies out like any edit. */
  movedTo?: string;
  html: string;
  csp: string;
  plan: "free" | "pro";
  /** Pro pages: the page's key for signing the referrer domain carried to clicks (lib/referrer.ts). Never sent to a visitor. */
  referrerKey?: string;
  /** Epoch ms: the earlier of (request time + TTL) and the page's next link-schedule boundary. */
  expiresAt: number;
  /** Taken from the location tier, not rendered here: refreshed later (FOLLOWER_LEAD_SHARE). Never stored in the tier. */
  fromLocation?: true;
}

/**
 * Renders the page; `requestedAt` is taken before anything is asked (the copy's lifetime starts there).
 * `own`: the calling request waits for this render and is answered with it (false: a refresh-ahead
 * in the background, the request already answered from the copy).
 */
export type PageLoader = (requestedAt: number, own: boolean) => Promise<CachedPage | null>;
/** Keeps work alive past the response (the request's `ctx.waitUntil`). */
export type Background = (work: Promise<unknown>) => void;

/** The answer of one render, as plain data: `servableBefore` bounds which waiting requests may use it. */
interface Answer {
  page: CachedPage | null;
  /** A request that arrived before this may use the answer (an edit since would still be waiting). */
  servableBefore: number;
}
/** One render in flight, shared by the requests waiting for it as plain data only. */
interface Flight {
  answer?: Answer;
  failed?: { error: unknown };
}
/** A waiting request looks again after 1 ms, then 2, then every WAIT_POLL_MAX_MS. */
const WAIT_POLL_MAX_MS = 4;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A small LRU map with per-entry expiry, single-flight loads and refresh-ahead. */
export class PageCache {
  readonly #entries = new Map<string, { page: CachedPage; refreshAt: number }>();
  /** Keys with a render in flight. */
  readonly #flights = new Map<string, Flight>();
  readonly #clock: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #max: number;

  constructor(o: { clock?: () => number; max?: number; wait?: (ms: number) => Promise<void>; random?: () => number } = {}) {
    this.#clock = o.clock ?? Date.now;
    this.#sleep = o.wait ?? sleep;
    this.#random = o.random ?? Math.random;
    this.#max = o.max ?? PAGE_CACHE_MAX_ENTRIES;
  }

  /**
   * The page for `key`: a fresh copy, the answer of the render in flight, or a render by this request.
   * A failed render rejects this request and every waiter, and caches nothing.
   */
  async get(key: string, load: PageLoader, background: Background): Promise<CachedPage | null> {
    for (;;) {
      const arrivedAt = this.#clock();
      const hit = this.#fresh(key, arrivedAt);
      const flight = this.#flights.get(key);
      if (hit) {
        if (!flight && arrivedAt >= hit.refreshAt) background(this.#fly(key, load, false).catch(() => undefined));
        return hit.page;
      }
      if (!flight) {
        const own = this.#fly(key, load, true);
        background(own.catch(() => undefined)); // finishes (for the waiters) even if this request is cancelled
        return (await own).page; // this request's own render: asked after it arrived, so fresh for it
      }
      for (let ms = 1; !flight.answer && !flight.failed; ms = Math.min(ms * 2, WAIT_POLL_MAX_MS)) await this.#sleep(ms);
      if (flight.failed) throw flight.failed.error;
      const answer = flight.answer!;
      // Used only if this request arrived before the answer's copy expired: a render that took longer
      // than the TTL may predate an edit that returned while this request waited. Then render again.
      if (arrivedAt < answer.servableBefore) return answer.page;
    }
  }

  /** A fresh copy, without loading. */
  peek(key: string, now: number): CachedPage | undefined {
    return this.#fresh(key, now)?.page;
  }

  #fresh(key: string, now: number) {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    this.#entries.delete(key);
    if (now >= hit.page.expiresAt) return undefined;
    this.#entries.set(key, hit);
    return hit;
  }

  /** Renders in flight (for tests). */
  get inFlight(): number {
    return this.#flights.size;
  }

  async #fly(key: string, load: PageLoader, own: boolean): Promise<Answer> {
    const flight: Flight = {};
    this.#flights.set(key, flight);
    const requestedAt = this.#clock();
    try {
      const page = await load(requestedAt, own);
      if (page) this.#set(key, page);
      // No page (404): never cached, but its answer serves the waiters like a copy would (the DO makes
      // a page's creation wait out a "no page" answer as it waits out a copy: link-page/render-memory.ts).
      flight.answer = { page, servableBefore: page ? page.expiresAt : requestedAt + PAGE_CACHE_TTL_MS };
      return flight.answer;
    } catch (error) {
      flight.failed = { error };
      throw error;
    } finally {
      this.#flights.delete(key);
    }
  }

  #set(key: string, page: CachedPage): void {
    const [low, high] = page.fromLocation ? FOLLOWER_LEAD_SHARE : [0.5, 1];
    const lead = REFRESH_AHEAD_MS * (low + (high - low) * this.#random());
    this.#entries.delete(key);
    this.#entries.set(key, { page, refreshAt: page.expiresAt - lead });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

/** This isolate's cache of public pages, keyed by slug and signup-form state. */
export const publicPages = new PageCache();
