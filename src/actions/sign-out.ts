import type { Context } from "hono";
import { clearedSessionCookie, deleteSession } from "../auth/sessions";
import { withdrawAllMagicLinks } from "../auth/magic-links";
import { endAllSessions } from "../db/users";
import type { AppEnv } from "../env";
import { sessionsOfTag } from "../lib/live-tags";
import { getActor } from "../middleware/auth";
import { closeLiveOnPages, sessionTag } from "./live-access";

/**
 * Sign out: this browser's session ends (its KV entry is deleted); with `everywhere`, every session of
 * the account started until now ends too, on every device (users.sessions_valid_after, checked on
 * each request), and so do sign-in links not used yet. API keys are not sessions: they stay valid
 * until revoked. Returns the cookie to clear.
 */
export async function signOut(c: Context<AppEnv>, everywhere: boolean): Promise<string> {
  const actor = await getActor(c);
  if (actor.kind === "user") {
    if (everywhere) {
      await endAllSessions(c.env.DB, actor.user.id, Date.now());
      await withdrawAllMagicLinks(c.env.DB, actor.user.email); // a link in someone else's hands, too
    }
    if (actor.via === "session") await deleteSession(c.env.SESSIONS, actor.sessionId);
    // Live sockets those sessions opened end now, not at their next reconnect.
    const tag = everywhere ? sessionsOfTag(actor.user.id) : actor.via === "session" ? await sessionTag(actor.sessionId) : null;
    if (tag) await closeLiveOnPages(c.env, actor.user.id, tag);
  }
  return clearedSessionCookie(c.req.url);
}
