import { isbot } from "isbot";

/**
 * Should this request count as a click? GET follows a link; POST is a visitor's "continue" on a
 * sensitive link's notice (docs/pages.md#sensitive-links). Not for HEAD (link checkers, prefetchers), not for known
 * bots, crawlers and link-preview fetchers (isbot's maintained list), and not without a user agent
 * at all, which no real browser sends.
 */
export function isCountable(method: string, userAgent: string | undefined): boolean {
  if (method !== "GET" && method !== "POST") return false;
  if (!userAgent || !userAgent.trim()) return false;
  return !botVerdict(userAgent);
}

// isbot's pattern is long, and every view of a hot page asks it: remember the verdicts for the
// user agents seen lately (a handful of browser builds make up most traffic).
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 500;

function botVerdict(userAgent: string): boolean {
  let bot = verdicts.get(userAgent);
  if (bot === undefined) {
    bot = isbot(userAgent);
    if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(userAgent, bot);
  }
  return bot;
}

/**
 * A prefetch or prerender the browser makes before anyone chose to open the page: Fetch's
 * `Sec-Purpose: prefetch` (also `prefetch;prerender`), the older `Purpose: prefetch`, Safari's
 * `X-Purpose: preview` and Firefox's `X-Moz: prefetch`.
 */
export function isPrefetch(header: (name: string) => string | undefined): boolean {
  const has = (name: string, word: string) => (header(name) ?? "").toLowerCase().includes(word);
  return has("sec-purpose", "prefetch") || has("purpose", "prefetch") || has("x-purpose", "preview") || has("x-moz", "prefetch");
}

/** Should this answered page (200) count as a view? By the same rules as a click, and never a prefetch. */
export function isCountedView(method: string, header: (name: string) => string | undefined): boolean {
  return isCountable(method, header("user-agent")) && !isPrefetch(header);
}
