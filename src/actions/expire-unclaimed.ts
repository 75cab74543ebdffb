import { UNCLAIMED_PAGE_TTL_DAYS } from "../lib/policy";
import type { PageIndexRow } from "../db/pages";
import { deletePage } from "./delete-page";

const BATCH = 100;

/**
 * Daily (cron trigger): delete pages created without an account and never claimed within
 * UNCLAIMED_PAGE_TTL_DAYS — throwaway pages must not live forever. Each goes through deletePage,
 * so its DO storage, clicks, subscribers and webhooks go too. Returns how many were deleted.
 */
export async function expireUnclaimedPages(env: Cloudflare.Env, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - UNCLAIMED_PAGE_TTL_DAYS * 86_400_000).toISOString();
  let deleted = 0;
  for (;;) {
    const { results } = await env.DB.prepare(
      "SELECT id, slug, owner_id, claim_token_hash, created_at FROM pages WHERE owner_id IS NULL AND created_at < ? LIMIT ?",
    )
      .bind(cutoff, BATCH)
      .all<PageIndexRow>();
    for (const row of results) {
      await deletePage(env, row);
      deleted++;
    }
    if (results.length < BATCH) return deleted;
  }
}
