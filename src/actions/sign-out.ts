import type { Context } from "hono";
import { clearedSessionCookie } from "../auth/cookies";
import { deleteSession } from "../auth/sessions";
import { endAllSessions } from "../db/users";
import type { AppEnv } from "../env";
import { getActor } from "../middleware/auth";

/**
 * Sign out: this browser's session ends (its KV entry is deleted); with `everywhere`, every session of
 * the account started until now ends too, on every device (users.sessions_valid_after, checked on
 * each request). API keys are not sessions: they stay valid until revoked. Returns the cookie to clear.
 */
export async function signOut(c: Context<AppEnv>, everywhere: boolean): Promise<string> {
  const actor = await getActor(c);
  if (actor.kind === "user") {
    if (everywhere) await endAllSessions(c.env.DB, actor.user.id, Date.now());
    if (actor.via === "session") await deleteSession(c.env.SESSIONS, actor.sessionId);
  }
  return clearedSessionCookie(c.req.url);
}
