import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { claimTokenMatches } from "../auth/claim-token";
import { findPageBySlug, type PageIndexRow } from "../db/pages";
import type { RowAccess } from "../db/range-counts";
import { sha256Hex } from "../lib/crypto";
import type { AppEnv } from "../env";
import type { ErrorCode } from "../lib/errors";
import { orProblem, refusalOf, refuse, type Result } from "../lib/result";
import { isValidSlug } from "../schemas/slug";
import { getActor, unauthorized } from "./auth";

export type AccessRefusal = "no_credentials" | "no_page" | "not_yours";
export const ACCESS_PROBLEM: Record<AccessRefusal, ErrorCode> = { no_credentials: "unauthorized", no_page: "not_found", not_yours: "forbidden" };

/**
 * May the caller manage the page `slug`? The owner may (session or API key); an unclaimed page may
 * also be managed with its claim token. Refused: no or unusable credentials (401), unknown page
 * (404), anybody else (403). The D1 index row for the handler otherwise. `lookup` may read the row
 * along with other data (analytics reads it in the same D1 batch as the counts).
 */
export async function checkPageAccess(
  c: Context<AppEnv>,
  rawSlug: string,
  lookup: (slug: string) => Promise<PageIndexRow | null> = (slug) => findPageBySlug(c.env.DB, slug),
): Promise<Result<{ row: PageIndexRow }, AccessRefusal>> {
  const credentials = await credentialedActor(c);
  if (!credentials.ok) return credentials;
  const { actor } = credentials;
  const slug = rawSlug.toLowerCase();
  const row = isValidSlug(slug) ? await lookup(slug) : null;
  if (!row) return refuse("no_page", `There is no page "${slug}".`);
  if (actor.kind === "user" && row.owner_id === actor.user.id) return { ok: true, row };
  if (actor.kind === "claim" && row.owner_id === null && (await claimTokenMatches(actor.token, row.claim_token_hash))) return { ok: true, row };
  return refuse("not_yours", "These credentials do not allow managing this page.");
}

/** checkPageAccess for the API: the row, or the refusal as its problem (401/404/403). */
export async function requirePageAccess(
  c: Context<AppEnv>,
  rawSlug: string,
  lookup?: (slug: string) => Promise<PageIndexRow | null>,
): Promise<PageIndexRow> {
  return orProblem(await checkPageAccess(c, rawSlug, lookup), ACCESS_PROBLEM).row;
}

/**
 * What the caller's credentials prove, for reads that check access inside D1 as well
 * (db/range-counts.ts): an account, or a claim token (as its stored hash). 401 like requirePageAccess.
 */
export async function rowAccessOf(c: Context<AppEnv>): Promise<RowAccess> {
  const { actor } = orProblem(await credentialedActor(c), ACCESS_PROBLEM);
  return actor.kind === "user" ? { ownerId: actor.user.id } : { claimTokenHash: await sha256Hex(actor.token) };
}

/** The caller, who must have presented usable credentials; which page they may manage is not checked yet. */
async function credentialedActor(c: Context<AppEnv>) {
  const actor = await getActor(c);
  if (actor.kind === "anonymous") return refusalOf("no_credentials", unauthorized("Sign in, or send `Authorization: Bearer <API key or claim token>`."));
  if (actor.kind === "invalid") return refusalOf("no_credentials", unauthorized(actor.reason));
  return { ok: true as const, actor };
}

/**
 * Route middleware for handlers that call requirePageAccess themselves (alongside other work): the
 * 401 still comes before body or query validation, like pageAccess's.
 */
export const pageActor = createMiddleware<AppEnv>(async (c, next) => {
  orProblem(await credentialedActor(c), ACCESS_PROBLEM);
  await next();
});

/** Route middleware form: runs before body validation, so an anonymous caller learns nothing from 400s. */
export const pageAccess = createMiddleware<AppEnv>(async (c, next) => {
  c.set("pageRow", await requirePageAccess(c, c.req.param("slug") ?? ""));
  await next();
});
