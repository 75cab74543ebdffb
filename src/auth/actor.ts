// Who is calling: resolved once per request from `Authorization: Bearer …` or the session cookie.
import type { Context } from "hono";
import { findUserById } from "../db/users";
import type { Actor, AppEnv } from "../env";
import { verifyApiKey, touchApiKey, API_KEY_PREFIX } from "./api-keys";
import { CLAIM_TOKEN_PREFIX } from "./claim-token";
import { readCookies, sessionCookieName } from "./cookies";
import { draftToken } from "./draft-cookie";
import { readSession } from "./sessions";

export async function resolveActor(c: Context<AppEnv>): Promise<Actor> {
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
