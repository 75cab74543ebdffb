// Who is calling, and what they may manage. The caller is resolved once per request from
// `Authorization: Bearer …` (an API key or a claim token), the session cookie, or the draft cookie;
// then either a signed-in user is required (requireUser) or access to one page is checked
// (checkPageAccess: its owner, or its claim token while unclaimed).
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { API_KEY_PREFIX, touchApiKey, verifyApiKey } from "../auth/api-keys";
import { CLAIM_TOKEN_PREFIX, claimTokenMatches } from "../auth/claim-token";
import { draftToken } from "../auth/draft-cookie";
import { readCookies, readSession, sessionCookieName } from "../auth/sessions";
import { findPageBySlug, type PageIndexRow } from "../db/pages";
import type { RowAccess } from "../db/range-counts";
import { findUserById, type UserRow } from "../db/users";
import type { Actor, AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";
import { AppError, type ErrorCode } from "../lib/errors";
import { orProblem, refusalOf, refuse, type Result } from "../lib/result";
import { isValidSlug } from "../schemas/slug";

/** The caller, resolved once per request and cached on the context. */
export async function getActor(c: Context<AppEnv>): Promise<Actor> {
  let actor = c.get("actor");
  if (!actor) {
    actor = await resolveActor(c);
    c.set("actor", actor);
  }
  return actor;
}

export function unauthorized(detail = "Sign in, or send `Authorization: Bearer <API key>`."): AppError {
  return new AppError("unauthorized", detail, { headers: { "www-authenticate": 'Bearer realm="melinks"' } });
}

/** Routes for signed-in users (session cookie or API key). Claim tokens manage only their own page. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const actor = await getActor(c);
  if (actor.kind === "user") {
    c.set("user", actor.user);
    return next();
  }
  if (actor.kind === "claim") throw new AppError("forbidden", "A claim token can only manage its own page. Sign in or use an API key.");
  throw unauthorized(actor.kind === "invalid" ? actor.reason : undefined);
});

export const currentUser = (c: Context<AppEnv>): UserRow => c.get("user")!;

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

async function resolveActor(c: Context<AppEnv>): Promise<Actor> {
  const auth = c.req.header("authorization");
  if (auth !== undefined) {
    const m = /^bearer[ ]+(\S+)\s*$/i.exec(auth);
    if (!m) return { kind: "invalid", reason: "Authorization must be `Bearer <key or claim token>`." };
    const token = m[1]!;
    if (token.startsWith(CLAIM_TOKEN_PREFIX)) return { kind: "claim", token, via: "header" };
    if (token.startsWith(API_KEY_PREFIX)) {
      const key = await verifyApiKey(c.env.DB, token);
      const user = key && (await findUserById(c.env.DB, key.user_id));
      if (!key || !user) return { kind: "invalid", reason: "This API key is not valid (revoked or mistyped)." };
      c.executionCtx.waitUntil(touchApiKey(c.env.DB, key.id));
      return { kind: "user", user, via: "apiKey", keyId: key.id };
    }
    return { kind: "invalid", reason: "Unrecognised credentials: expected an mlk_ API key or an mlc_ claim token." };
  }
  const ids = readCookies(c.req.header("cookie"), sessionCookieName(c.req.url));
  if (ids.length === 0) {
    // Without an account: the creator's own unclaimed page, from the draft cookie (dashboard paths only).
    const draft = draftToken(c.req.url, c.req.header("cookie"));
    return draft ? { kind: "claim", token: draft, via: "cookie" } : { kind: "anonymous" };
  }
  if (ids.length > 1) return { kind: "invalid", reason: "More than one session cookie was sent." };
  let session;
  try {
    session = await readSession(c.env.SESSIONS, ids[0]!);
  } catch (err) {
    console.error("session read failed; treating the request as signed out", err); // fail closed
    return { kind: "invalid", reason: "Your session could not be checked. Please try again." };
  }
  const user = session && (await findUserById(c.env.DB, session.userId));
  if (!session || !user || session.createdAt <= user.sessions_valid_after) {
    return { kind: "invalid", reason: "Your session has ended. Please sign in again." };
  }
  return { kind: "user", user, via: "session", sessionId: ids[0]! };
}
