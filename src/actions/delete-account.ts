import { pagesOfOwner } from "../db/pages";
import type { UserRow } from "../db/users";
import { deletePage } from "./delete-page";

/**
 * Delete a user and everything of theirs: each page (DO storage, click buffer, aggregates, index row),
 * then keys, pending sign-in links and the user row. Sessions die with the user row — every request
 * re-reads the user from D1 — so no KV propagation delay can keep one alive.
 */
export async function deleteAccount(env: Cloudflare.Env, user: UserRow): Promise<void> {
  for (const row of await pagesOfOwner(env.DB, user.id)) await deletePage(env, row);
  await env.DB.batch([
    env.DB.prepare("DELETE FROM api_keys WHERE user_id = ?").bind(user.id),
    env.DB.prepare("DELETE FROM idempotency_keys WHERE owner_id = ?").bind(user.id),
    env.DB.prepare("DELETE FROM magic_links WHERE email = ?").bind(user.email),
    env.DB.prepare("DELETE FROM magic_link_sends WHERE email = ?").bind(user.email),
    env.DB.prepare("DELETE FROM users WHERE id = ?").bind(user.id),
    // Its pages' addresses stay held for the hold period (docs/rename.md), no longer naming who held them.
    env.DB.prepare("UPDATE released_slugs SET owner_id = NULL WHERE owner_id = ?").bind(user.id),
  ]);
}
