import { claimTokenMatches } from "../auth/claim-token";
import { claimPageRow, findPageBySlug } from "../db/pages";
import type { UserRow } from "../db/users";
import { linkPageStub } from "../link-page/stub";
import type { ErrorCode } from "../lib/errors";
import { refuse, type Result } from "../lib/result";
import { syncPagePlan } from "./sync-plan";
import type { PageResult } from "../link-page/link-page";

export type ClaimRefusal = "no_page" | "already_yours" | "token_mismatch";
export const CLAIM_PROBLEM: Record<ClaimRefusal, ErrorCode> = { no_page: "not_found", already_yours: "conflict", token_mismatch: "forbidden" };

/**
 * Move an unclaimed page to a signed-in user. The D1 update is conditional on the token hash still
 * being there, so the token is consumed exactly once even when two claims race; then the DO's
 * copy of ownership (claimed, plan) is updated, which also lifts `noindex`. Resolves to the
 * claimed page, or a refusal the route maps (CLAIM_PROBLEM for the API).
 */
export async function claimPage(env: Cloudflare.Env, rawSlug: string, token: string, user: UserRow): Promise<Result<{ claimed: PageResult }, ClaimRefusal>> {
  const slug = rawSlug.toLowerCase();
  const row = await findPageBySlug(env.DB, slug);
  if (!row) return refuse("no_page", `There is no page "${slug}".`);
  if (row.owner_id === user.id) return refuse("already_yours", "This page is already yours.");
  if (row.owner_id !== null || !(await claimTokenMatches(token, row.claim_token_hash)) || !(await claimPageRow(env.DB, row.id, row.claim_token_hash!, user.id))) {
    return refuse("token_mismatch", "This claim token does not match an unclaimed page with this address.");
  }
  // The claim left the page pending (migrations/0016_plan_sync.sql): copy the owner's plan now; if the
  // DO can't be reached the claim still stands, and the sweep finishes the copy (docs/plans.md).
  await syncPagePlan(env, row.id);
  const claimed = await linkPageStub(env, slug).get();
  return claimed ? { ok: true, claimed } : refuse("no_page", `There is no page "${slug}".`);
}
