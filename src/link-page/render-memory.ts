// The page DO's rendered public page, and the promise that makes the Worker's 1 s copies safe: an
// edit answers only once every copy handed out before it has expired, in any isolate or location
// cache, allowing for clock skew (lib/page-cache.ts, lib/location-cache.ts, docs/caching.md).
import { EDIT_WAIT_MS } from "../lib/location-cache";
import type { SignupState } from "../views/public-page";
import { renderPublicPage, type RenderedPage } from "./render";
import type { StoredPage } from "./store";

const GONE_RENDER: RenderedPage = { gone: true, html: "", csp: "", plan: "free", validUntil: Infinity };

export class RenderMemory {
  #rendered = new Map<string, RenderedPage>(); // one entry per origin and signup-form state
  #cachedUntil: number; // until when Worker isolates may hold a render we handed out

  /** `hadPage`: a previous instance (before a restart or deploy) may have handed out renders just now. */
  constructor(hadPage: boolean) {
    this.#cachedUntil = hadPage ? Date.now() + EDIT_WAIT_MS : 0;
  }

  /**
   * The page's HTML, rendered again only at a schedule boundary or after an edit. `current` tells
   * whether `page` is still the stored page once rendering is done (an edit may land meanwhile).
   */
  async render(page: StoredPage, appUrl: string, now: number, signup: SignupState, current: () => StoredPage | null): Promise<RenderedPage> {
    this.#cachedUntil = Math.max(this.#cachedUntil, Date.now() + EDIT_WAIT_MS);
    if (page.status === "suspended") return GONE_RENDER;
    const key = `${appUrl}|${signup}`; // one origin in production (APP_URL); a developer's may differ
    let r = this.#rendered.get(key);
    if (!r || now >= r.validUntil) {
      r = await renderPublicPage(page, appUrl, now, { signup });
      if (current() === page) this.#rendered.set(key, r);
    }
    return r;
  }

  /** A copy of the page went to a click shard, which uses it at most PAGE_CACHE_TTL_MS by its own clock: edits wait it out too. */
  lent(): void {
    this.#cachedUntil = Math.max(this.#cachedUntil, Date.now() + EDIT_WAIT_MS);
  }

  /** The page moved away (a tombstone): the answer is a redirect, which isolates may cache like a render. */
  moved(slug: string, until: number): RenderedPage {
    this.#cachedUntil = Math.max(this.#cachedUntil, Date.now() + EDIT_WAIT_MS);
    return { movedTo: slug, html: "", csp: "", plan: "free", validUntil: until };
  }

  /** No page here: a 404 that isolates do not cache, but may hand to requests waiting on it (lib/page-cache.ts). */
  missing(): null {
    this.#cachedUntil = Math.max(this.#cachedUntil, Date.now() + EDIT_WAIT_MS);
    return null;
  }

  /**
   * The page changed: forget renders, and resolve once no Worker can still serve it as it was — after
   * a PATCH (or claim, plan change, delete) returns, no visitor anywhere gets the old page.
   */
  async changed(): Promise<void> {
    this.#rendered.clear();
    const ms = this.#cachedUntil - Date.now();
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
