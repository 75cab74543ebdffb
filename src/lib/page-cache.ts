// Rendered public pages kept in the router Worker's isolate memory, so a hot page is answered
// without a Durable Object round trip (issue 8: the round trip halves throughput).
//
// Freshness without a version check per view: a copy lives at most PAGE_CACHE_TTL_MS from the
// moment its render was *requested*, and every edit in the page's DO (content, claim, plan, delete)
// returns only once every copy it may have handed out before the edit has expired (LinkPage
// #waitOutCachedCopies). So once an edit's response is sent, no isolate anywhere still serves the old
// page. Each side measures that interval on its own clock, so clock skew between machines cancels.

/** How long an isolate may reuse a render, and so the longest an edit of a viewed page waits. */
export const PAGE_CACHE_TTL_MS = 1000;
/** Entries per isolate (a rendered page is a few KB). Least recently used entries go first. */
export const PAGE_CACHE_MAX_ENTRIES = 200;

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
}

/** A small LRU map with per-entry expiry (Map keeps insertion order: re-insert on use). */
export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #max: number;

  constructor(max = PAGE_CACHE_MAX_ENTRIES) {
    this.#max = max;
  }

  get(key: string, now: number): CachedPage | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    this.#entries.delete(key);
    if (now >= hit.expiresAt) return undefined;
    this.#entries.set(key, hit);
    return hit;
  }

  set(key: string, page: CachedPage): void {
    this.#entries.delete(key);
    this.#entries.set(key, page);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

/** This isolate's cache of public pages, keyed by slug and signup-form state. */
export const publicPages = new PageCache();
