import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { claimTokenMatches } from "../auth/claim-token";
import { findPageBySlug, type PageIndexRow } from "../db/pages";
import type { RowAccess } from "../db/range-counts";
import { sha256Hex } from "../lib/crypto";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { isValidSlug } from "../schemas/slug";
import { getActor, unauthorized } from "./auth";

/**
 * May the caller manage the page `slug`? The owner may (session or API key); an unclaimed page may
 * also be managed with its claim token. No or unusable credentials → 401; unknown page → 404;
 * anybody else → 403. Returns the D1 index row for the handler. `lookup` may read the row along
 * with other data (analytics reads it in the same D1 batch as the counts).
 */
export async function requirePageAccess(
  c: Context<AppEnv>,
  rawSlug: string,
  lookup: (slug: string) => Promise<PageIndexRow | null> = (slug) => findPageBySlug(c.env.DB, slug),
): Promise<PageIndexRow> {
  const actor = await credentialedActor(c);
  const slug = rawSlug.toLowerCase();
  const row = isValidSlug(slug) ? await lookup(slug) : null;
  if (!row) throw new AppError("not_found", `There is no page "${slug}".`);
  if (actor.kind === "user" && row.owner_id === actor.user.id) return row;
  if (actor.kind === "claim" && row.owner_id === null && (await claimTokenMatches(actor.token, row.claim_token_hash))) return row;
  throw new AppError("forbidden", "These credentials do not allow managing this page.");
}

/**
 * What the caller's credentials prove, for reads that check access inside D1 as well
 * (db/range-counts.ts): an account, or a claim token (as its stored hash). 401 like requirePageAccess.
 */
export async function rowAccessOf(c: Context<AppEnv>): Promise<RowAccess> {
  const actor = await credentialedActor(c);
  return actor.kind === "user" ? { ownerId: actor.user.id } : { claimTokenHash: await sha256Hex(actor.token) };
}

/** The caller, who must have presented usable credentials (401 otherwise); which page they may manage is not checked yet. */
async function credentialedActor(c: Context<AppEnv>) {
  const actor = await getActor(c);
  if (actor.kind === "anonymous") throw unauthorized("Sign in, or send `Authorization: Bearer <API key or claim token>`.");
  if (actor.kind === "invalid") throw unauthorized(actor.reason);
  return actor;
}

/**
 * Route middleware for handlers that call requirePageAccess themselves (alongside other work): the
 * 401 still comes before body or query validation, like pageAccess's.
 */
export const pageActor = createMiddleware<AppEnv>(async (c, next) => {
  await credentialedActor(c);
  await next();
});

/** Route middleware form: runs before body validation, so an anonymous caller learns nothing from 400s. */
export const pageAccess = createMiddleware<AppEnv>(async (c, next) => {
  c.set("pageRow", await requirePageAccess(c, c.req.param("slug") ?? ""));
  await next();
});
