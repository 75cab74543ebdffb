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
  return !isbot(userAgent);
}
