// Pure page edits: create and PATCH semantics, with no storage access (unit-testable, and the DO stays thin).
import { newLinkId, newSocialId } from "../lib/ids";
import type { CreatePageInput, PatchPageInput, Plan } from "../schemas/page";
import { mergeLinks, mergeSocials } from "./links";
import { etagOf, type StoredPage } from "./store";

export type EditResult =
  | { ok: true; page: StoredPage }
  | { ok: false; reason: "stale"; etag: string }
  | { ok: false; reason: "invalid"; field: (string | number)[]; message: string };

export type NewPageInput = CreatePageInput & { pageId: string; now: string; owned?: { plan: Plan; planVersion: number } };

export type NewIds = { link: () => string; social: () => string };

/** The DO's own id makers (random); tests pass their own. */
export const NEW_IDS: NewIds = { link: newLinkId, social: newSocialId };

export function newPage(input: NewPageInput, newId: NewIds): StoredPage {
  const merged = mergeLinks([], input.links, newId.link);
  const socials = mergeSocials([], input.socials, newId.social);
  // New items carry no ids, and the schema refused unknown platforms, so neither can fail here.
  if (!merged.ok) throw new Error(merged.message);
  if (!socials.ok) throw new Error(socials.message);
  return {
    pageId: input.pageId,
    slug: input.slug,
    displayName: input.displayName,
    bio: input.bio,
    theme: input.theme ?? { preset: "classic" },
    emailSignup: { enabled: false },
    plan: input.owned?.plan ?? "free",
    claimed: input.owned !== undefined,
    status: "active",
    version: 1,
    avatar: null,
    createdAt: input.now,
    updatedAt: input.now,
    links: merged.items,
    socials: socials.items,
    socialsPosition: input.socialsPosition,
  };
}

/** Apply a validated PATCH to the current page, or say why not. Every edit bumps the version (ETag). */
export function applyPatch(cur: StoredPage, patch: PatchPageInput, opts: { ifMatch?: string; now: string }, newId: NewIds): EditResult {
  if (opts.ifMatch && !matchesEtag(opts.ifMatch, etagOf(cur))) return { ok: false, reason: "stale", etag: etagOf(cur) };
  if (patch.slug !== undefined && patch.slug !== cur.slug) {
    return { ok: false, reason: "invalid", field: ["slug"], message: "cannot be changed" };
  }
  if (patch.emailSignup?.enabled && cur.plan !== "pro") {
    return { ok: false, reason: "invalid", field: ["emailSignup", "enabled"], message: "email signup forms are a Pro feature" };
  }
  let links = cur.links;
  if (patch.links) {
    const merged = mergeLinks(cur.links, patch.links, newId.link);
    if (!merged.ok) return { ok: false, reason: "invalid", field: merged.field, message: merged.message };
    links = merged.items;
  }
  let socials = cur.socials;
  if (patch.socials) {
    const merged = mergeSocials(cur.socials, patch.socials, newId.social);
    if (!merged.ok) return { ok: false, reason: "invalid", field: merged.field, message: merged.message };
    socials = merged.items;
  }
  return {
    ok: true,
    page: {
      ...cur,
      displayName: patch.displayName ?? cur.displayName,
      bio: patch.bio ?? cur.bio,
      theme: patch.theme ?? cur.theme,
      emailSignup: patch.emailSignup ?? cur.emailSignup,
      links,
      socials,
      socialsPosition: patch.socialsPosition ?? cur.socialsPosition,
      version: cur.version + 1,
      updatedAt: opts.now,
    },
  };
}

/**
 * RFC 9110 §13.1.1: If-Match is a list of entity tags, or "*". Ours are strong, but Cloudflare's edge
 * weakens an ETag (W/"…") when it compresses the response: a client echoing that back means the
 * same version, so the W/ prefix is ignored.
 */
export function matchesEtag(header: string, etag: string): boolean {
  return header
    .split(",")
    .map((s) => s.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}
