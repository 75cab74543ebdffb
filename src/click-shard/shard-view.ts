// What a click shard knows of its page: the page DO's copy of the page (links, status, plan) and
// whether shards are on, kept at most PAGE_CACHE_TTL_MS from the moment the shard *asked* for it. The
// page DO counts each copy it hands out like a render (link-page/render-memory.ts), and every edit
// waits until all of them have expired before it answers — so once a PATCH that disables a link has
// returned, no shard redirects to it (the same argument as the page cache, docs/performance.md#click-shards-built).
import { PAGE_CACHE_TTL_MS } from "../lib/page-cache";
import type { StoredPage } from "../link-page/store";

export interface ShardView {
  page: StoredPage | null;
  /** The page moved here (a rename): clicks belong at the new address. */
  movedTo?: string;
  /** Shards routers should use now (0 = back to the page DO). */
  shards: number;
  /** The pro page's key for carried referrers (lib/referrer.ts). */
  referrerKey?: string;
}

export class ViewCache {
  #view: ShardView | null = null;
  #askedAt = 0;
  #loading: Promise<ShardView> | null = null;

  /** The copy if younger than the TTL, else a fresh one from `load`. */
  async get(load: () => Promise<ShardView>): Promise<ShardView> {
    if (this.#view && Date.now() - this.#askedAt < PAGE_CACHE_TTL_MS) return this.#view;
    if (!this.#loading) {
      const askedAt = Date.now();
      this.#loading = load().then(
        (v) => ((this.#view = v), (this.#askedAt = askedAt), (this.#loading = null), v),
        (e: unknown) => ((this.#loading = null), Promise.reject(e)),
      );
    }
    return this.#loading;
  }

  /** The copy held, however old (for naming the page in a flush event, never for a redirect). */
  peek(): ShardView | null {
    return this.#view;
  }

  forget(): void {
    this.#view = null;
  }
}
