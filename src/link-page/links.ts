import type { Link, LinkInput, Social, SocialInput } from "../schemas/page";
import { platformOf } from "../schemas/platforms";
import type { StoredPage } from "./store";

export type MergeResult<T> = { ok: true; items: T[] } | { ok: false; field: (string | number)[]; message: string };

/**
 * PATCH semantics for a list (links, socials): the given list replaces the old one; an item carrying
 * the id of an existing item keeps that id, items without an id get a new one. Unknown or repeated ids
 * are refused rather than silently minted, so a client bug can't duplicate or lose an item's history.
 */
function mergeList<I extends { id?: string }, T>(
  field: string,
  existing: readonly { id: string }[],
  input: readonly I[],
  newId: () => string,
  build: (item: I, id: string) => T,
): MergeResult<T> {
  const known = new Set(existing.map((l) => l.id));
  const seen = new Set<string>();
  const items: T[] = [];
  for (const [i, item] of input.entries()) {
    let id = item.id;
    if (id !== undefined) {
      if (!known.has(id)) return { ok: false, field: [field, i, "id"], message: `is not the id of a ${field === "links" ? "link" : "social"} on this page` };
      if (seen.has(id)) return { ok: false, field: [field, i, "id"], message: "appears more than once" };
    } else {
      id = newId();
    }
    seen.add(id);
    items.push(build(item, id));
  }
  return { ok: true, items };
}

export function mergeLinks(existing: readonly Link[], input: readonly LinkInput[], newId: () => string): MergeResult<Link> {
  return mergeList("links", existing, input, newId, (item, id): Link => ({
    id,
    type: item.type,
    title: item.title,
    url: item.type === "header" ? "" : (item.url ?? ""),
    enabled: item.enabled,
    ...(item.startsAt ? { startsAt: new Date(item.startsAt).toISOString() } : {}),
    ...(item.endsAt ? { endsAt: new Date(item.endsAt).toISOString() } : {}),
    featured: item.featured ?? false,
    icon: item.icon ?? "auto",
    sensitive: item.sensitive ?? false,
  }));
}

/** Socials: the platform is derived from the URL here, never taken from the client. */
export function mergeSocials(existing: readonly Social[], input: readonly SocialInput[], newId: () => string): MergeResult<Social> {
  const merged = mergeList("socials", existing, input, newId, (item, id) => ({ id, url: item.url, platform: platformOf(item.url) }));
  if (!merged.ok) return merged;
  const bad = merged.items.findIndex((s) => s.platform === null);
  // The schema refused unknown platforms already; this only keeps the type honest.
  if (bad >= 0) return { ok: false, field: ["socials", bad, "url"], message: "is not a profile address we recognise" };
  return { ok: true, items: merged.items as Social[] };
}

/** Is the link (or header) shown at `now`: enabled and inside its schedule window (start inclusive, end exclusive)? */
export function isLive(link: Pick<Link, "enabled" | "startsAt" | "endsAt">, now: number): boolean {
  if (!link.enabled) return false;
  if (link.startsAt && now < Date.parse(link.startsAt)) return false;
  if (link.endsAt && now >= Date.parse(link.endsAt)) return false;
  return true;
}

/** The next instant after `now` at which some link appears or disappears (for render caching). */
export function nextScheduleChange(links: readonly Link[], now: number): number {
  let next = Infinity;
  for (const l of links) {
    for (const t of [l.startsAt, l.endsAt]) {
      if (!t) continue;
      const ms = Date.parse(t);
      if (ms > now && ms < next) next = ms;
    }
  }
  return next;
}

/** What a click can reach: a link (maybe sensitive) or a social icon. */
export interface ClickTarget {
  id: string;
  url: string;
  title: string;
  sensitive: boolean;
}

/**
 * The link or social a click on `id` at `at` goes to: none on a page taken down, for a header, or
 * for an unknown, hidden or out-of-schedule link.
 */
export function liveLink(page: StoredPage | null, id: string, at: number): ClickTarget | null {
  if (!page || page.status === "suspended") return null;
  const link = page.links.find((l) => l.id === id);
  if (link) return link.type === "link" && isLive(link, at) ? { id, url: link.url, title: link.title, sensitive: link.sensitive } : null;
  const social = page.socials.find((s) => s.id === id);
  return social ? { id, url: social.url, title: social.platform, sensitive: false } : null;
}
