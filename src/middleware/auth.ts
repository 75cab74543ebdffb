// Who is calling: resolved once per request from `Authorization: Bearer …` (an API key or a claim
// token), the session cookie, or the draft cookie; and the middleware that requires a signed-in user.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { API_KEY_PREFIX, touchApiKey, verifyApiKey } from "../auth/api-keys";
import { CLAIM_TOKEN_PREFIX } from "../auth/claim-token";
import { draftToken } from "../auth/draft-cookie";
import { readCookies, readSession, sessionCookieName } from "../auth/sessions";
import { findUserById, type UserRow } from "../db/users";
import type { Actor, AppEnv } from "../env";
import { AppError } from "../lib/errors";

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
