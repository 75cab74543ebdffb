// Who holds a live socket, so it can be closed when their access ends. The router tells the page DO
// with a header it sets itself on the forwarded upgrade (the DO is reachable only through the
// router); the DO keeps the values as the socket's hibernation tags (link-page/live/sockets.ts).
// Tags never carry a secret: a session is named by a prefix of its id's SHA-256, like its KV key.
import type { Actor } from "../env";
import { pagesOfOwner } from "../db/pages";
import { linkPageStub } from "../link-page/stub";
import { sha256Hex } from "../lib/crypto";
import { CLAIM_TAG, keyTag, LIVE_CLOSE, LIVE_WHO_HEADER, sessionsOfTag } from "../lib/live-tags";

/** The tags naming this caller's access. */
export async function whoTags(actor: Actor): Promise<string[]> {
  if (actor.kind === "claim") return [CLAIM_TAG];
  if (actor.kind !== "user") return [];
  return actor.via === "session" ? [sessionsOfTag(actor.user.id), await sessionTag(actor.sessionId)] : [keyTag(actor.keyId)];
}

/** The tag of one browser session's sockets: a prefix of its id's SHA-256, never the id. */
export async function sessionTag(sessionId: string): Promise<string> {
  return `session:${(await sha256Hex(sessionId)).slice(0, 24)}`;
}

/**
 * The upgrade request as the page DO gets it: only the query it understands (no partyserver `_pk`,
 * which would become a tag), and who is connecting.
 */
export async function liveUpgradeRequest(req: Request, actor: Actor): Promise<Request> {
  const from = new URL(req.url);
  const url = new URL(from.pathname, from.origin);
  for (const mode of ["batch", "totals"]) {
    const v = from.searchParams.get(mode);
    if (v) url.searchParams.set(mode, v);
  }
  const forwarded = new Request(url, req);
  forwarded.headers.set(LIVE_WHO_HEADER, (await whoTags(actor)).join(" "));
  return forwarded;
}

/** Close the live sockets tagged `tag` on every page of the user (their session or key ended). */
export async function closeLiveOnPages(env: Cloudflare.Env, userId: string, tag: string): Promise<void> {
  const pages = await pagesOfOwner(env.DB, userId);
  const closed = await Promise.allSettled(pages.map((p) => linkPageStub(env, p.slug).closeLive(tag, LIVE_CLOSE.accessEnded, "access ended")));
  for (const r of closed) if (r.status === "rejected") console.error("live: closing sockets after access ended failed", r.reason);
}
