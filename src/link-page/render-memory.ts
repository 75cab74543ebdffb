// The page DO's rendered public page, and the promise that makes the Worker's 1 s copies safe: an
// edit answers only once every copy handed out before it has expired, in any isolate or location
// cache, allowing for clock skew (lib/page-cache.ts, lib/location-cache.ts, docs/caching.md).
import { EDIT_WAIT_MS } from "../lib/location-cache";
import type { SignupState } from "../views/public-page";
import { renderPublicPage, type RenderedPage } from "./render";
import type { StoredPage } from "./store";

const GONE_RENDER: RenderedPage = { gone: true, html: "", csp: "", plan: "free", validUntil: Infinity };

/** Render calls a second from which a page counts as hot: more than one or two isolates serve it (docs/caching.md#location-tier). */
export const HOT_RENDERS_PER_SECOND = 3;

export class RenderMemory {
  #rendered = new Map<string, RenderedPage>(); // one entry per origin and signup-form state
  #cachedUntil: number; // until when Worker isolates may hold a render we handed out

  // Render calls in the current and the previous second: a page many isolates render is "hot".
  #second = 0;
  #thisSecond = 0;
  #lastSecond = 0;

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
    this.#roll(Date.now());
    this.#thisSecond++;
    if (page.status === "suspended") return GONE_RENDER;
    const key = `${appUrl}|${signup}`; // one origin in production (APP_URL); a developer's may differ
    let r = this.#rendered.get(key);
    if (!r || now >= r.validUntil) {
      r = await renderPublicPage(page, appUrl, now, { signup });
      if (current() === page) this.#rendered.set(key, r);
    }
    return r;
  }

  /**
   * Whether isolates should share this page through their location's cache (lib/location-cache.ts):
   * more than one isolate's worth of render calls reached this DO within the last second. Each isolate
   * renders a page at most about once a second, so a quiet or merely cold page never pays for the
   * location tier; a page many isolates are serving does.
   */
  hot(): boolean {
    this.#roll(Date.now());
    return Math.max(this.#thisSecond, this.#lastSecond) >= HOT_RENDERS_PER_SECOND;
  }

  /** Move the window to `now`'s second: the current count becomes the last second's, or 0 after a gap. */
  #roll(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.#second) return;
    this.#lastSecond = second === this.#second + 1 ? this.#thisSecond : 0;
    this.#thisSecond = 0;
    this.#second = second;
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
