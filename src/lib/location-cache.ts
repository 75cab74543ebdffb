// The per-location tier of public pages (docs/caching.md#location-tier): between an isolate's memory
// (lib/page-cache.ts) and the page's Durable Object, the Cache API of the location, shared by every
// isolate there. A viral page then costs its DO about one render per location per second, not one
// per isolate.
//
// Freshness: an entry carries the absolute expiry its writer computed (request time + TTL, on the
// writer's clock), and a reader uses it only while its own clock is before that. Two machines' clocks
// may differ, so the DO waits out EDIT_WAIT_MS = TTL + CLOCK_SKEW_MARGIN_MS after its last render
// before an edit returns: with skew under the margin, no entry is served after the edit returns.
//
// Only for hot pages: the page's DO says so in its render answer when many isolates render it
// (link-page/render-memory.ts). A cold page — one of thousands, each viewed now and then — never
// pays for a cache lookup and write on top of its render (locally, with Miniflare's Cache API, that
// cost more than the render itself: docs/performance.md#page-views). An isolate remembers a hot page
// for HOT_MEMORY_MS, so its next renders look in the location's cache first.
//
// Only the page as everyone sees it goes here: never a 404 (a page created next must show at once),
// a signup-outcome variant, a 410 or a 301; the per-visitor part (the signed referrer, lib/referrer.ts)
// is added per request after the cache.
import { PAGE_CACHE_TTL_MS, REFRESH_AHEAD_MS, type CachedPage } from "./page-cache";

/** The most two machines' clocks may differ for the location tier to stay fresh (docs/caching.md#location-tier). */
export const CLOCK_SKEW_MARGIN_MS = 500;
/** How long a page's DO waits after its last render before an edit returns. */
export const EDIT_WAIT_MS = PAGE_CACHE_TTL_MS + CLOCK_SKEW_MARGIN_MS;

/** A named cache: not the zone's default cache, so no request URL can ever match these entries. */
const CACHE_NAME = "melinks-pages";
/** Keyed by host name (not port or scheme): every isolate of a location serving that host shares it. */
const keyOf = (host: string, slug: string) => `https://${host}/__pages/${encodeURIComponent(slug)}`;

/** Whether `page` (rendered for the signup state `signup`) may be shared through the location tier. */
export const shareable = (page: CachedPage, signup: string): boolean => signup === "form" && !page.gone && !page.movedTo;

/**
 * The location's copy of `slug`, if it has more than REFRESH_AHEAD_MS to live on this machine's clock
 * (a copy about to expire would only make the caller render again at once). A cache failure is a miss.
 */
export async function sharedCopy(host: string, slug: string, now: number): Promise<CachedPage | undefined> {
  try {
    const res = await (await caches.open(CACHE_NAME)).match(keyOf(host, slug));
    if (!res) return undefined;
    const page = (await res.json()) as CachedPage;
    return now < page.expiresAt - REFRESH_AHEAD_MS ? page : undefined;
  } catch {
    return undefined;
  }
}

/** Share a render with the location, for its remaining lifetime (the Cache API counts whole seconds). */
export async function share(host: string, slug: string, page: CachedPage, now: number): Promise<void> {
  const seconds = Math.ceil((page.expiresAt - now) / 1000);
  if (seconds <= 0) return;
  const body = JSON.stringify(page);
  const headers = { "content-type": "application/json", "cache-control": `max-age=${seconds}` };
  try {
    await (await caches.open(CACHE_NAME)).put(keyOf(host, slug), new Response(body, { headers }));
  } catch (err) {
    console.warn(`location cache: ${slug} not shared`, err);
  }
}

/** How long an isolate keeps looking in the location tier for a page its DO last called hot. */
export const HOT_MEMORY_MS = 60_000;
const MAX_PAGES_REMEMBERED = 10_000;
/** `${host}|${slug}` → until when it is hot (0: loaded here before, not hot). */
const hotUntil = new Map<string, number>();

function remember(key: string, until: number): void {
  hotUntil.delete(key);
  hotUntil.set(key, until);
  if (hotUntil.size > MAX_PAGES_REMEMBERED) hotUntil.delete(hotUntil.keys().next().value!);
}

/** The page's DO called it hot in a render answer: use the location tier for it a while. */
export function markHot(host: string, slug: string, now: number): void {
  remember(`${host}|${slug}`, now + HOT_MEMORY_MS);
}

/**
 * Whether this load of `slug` should look in (and write to) the location tier: a page its DO called
 * hot lately, or one this isolate has never loaded (a new isolate joining a viral page takes the
 * location's copy instead of rendering; a cold page pays one lookup per isolate, not one per render).
 * Records the load.
 */
export function useLocationTier(host: string, slug: string, now: number): boolean {
  const key = `${host}|${slug}`;
  const until = hotUntil.get(key);
  if (until === undefined) remember(key, 0);
  return until === undefined || now < until;
}
