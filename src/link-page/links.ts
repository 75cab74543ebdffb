import type { Link, LinkInput } from "../schemas/page";
import type { StoredPage } from "./store";

export type MergeResult = { ok: true; links: Link[] } | { ok: false; field: (string | number)[]; message: string };

/**
 * PATCH semantics for links (SPEC §7): the given list replaces the old one; an item carrying the id
 * of an existing link keeps that id, items without an id get a new one. Unknown or repeated ids are
 * refused rather than silently minted, so a client bug can't duplicate or lose a link's history.
 */
export function mergeLinks(existing: readonly Link[], input: readonly LinkInput[], newId: () => string): MergeResult {
  const known = new Set(existing.map((l) => l.id));
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const [i, item] of input.entries()) {
    let id = item.id;
    if (id !== undefined) {
      if (!known.has(id)) return { ok: false, field: ["links", i, "id"], message: "is not the id of a link on this page" };
      if (seen.has(id)) return { ok: false, field: ["links", i, "id"], message: "appears more than once" };
    } else {
      id = newId();
    }
    seen.add(id);
    links.push({
      id,
      title: item.title,
      url: item.url,
      enabled: item.enabled,
      ...(item.startsAt ? { startsAt: new Date(item.startsAt).toISOString() } : {}),
      ...(item.endsAt ? { endsAt: new Date(item.endsAt).toISOString() } : {}),
    });
  }
  return { ok: true, links };
}

/** Is the link live at `now`: enabled and inside its schedule window (start inclusive, end exclusive)? */
export function isLive(link: Link, now: number): boolean {
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

/** The link a click on `linkId` at `at` goes to: none on a page taken down, or for an unknown, hidden or out-of-schedule link. */
export function liveLink(page: StoredPage | null, linkId: string, at: number): Link | null {
  if (!page || page.status === "suspended") return null;
  const link = page.links.find((l) => l.id === linkId);
  return link && isLive(link, at) ? link : null;
}
