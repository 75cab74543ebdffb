import { newClaimToken } from "../auth/claim-token";
import { deletePageRow, insertPage } from "../db/pages";
import { settlePlan } from "../db/plan-pending";
import { slugBlocker } from "../db/released-slugs";
import type { UserRow } from "../db/users";
import { linkPageStub } from "../link-page/stub";
import { AppError, toFieldError, type ErrorCode } from "../lib/errors";
import { tryConsumeLimit } from "../lib/consume-limit";
import { refusalOf, type Result } from "../lib/result";
import { newPageId } from "../lib/ids";
import { RELEASED_SLUG_HOLD_DAYS } from "../lib/policy";
import type { CreatePageInput, Page } from "../schemas/page";
import { syncPagePlan } from "./sync-plan";

/** 409 for a slug that can't be had, saying why in `reason` (docs/rename.md). */
export function slugConflict(slug: string, reason: "taken" | "recently_released"): AppError {
  const detail =
    reason === "taken"
      ? `The slug "${slug}" is already taken.`
      : `The slug "${slug}" belonged to a page that was renamed or deleted less than ${RELEASED_SLUG_HOLD_DAYS} days ago; it is held for that page until then.`;
  return new AppError("conflict", detail, { errors: [toFieldError(["slug"], reason === "taken" ? "is already taken" : `was released recently and is held for ${RELEASED_SLUG_HOLD_DAYS} days`)], extensions: { reason } });
}

/**
 * An owner's new page starts pending (docs/plans.md#propagation); its DO got the plan of the owner row
 * read for this request. Settled here if D1 still has that version, else pushed again; a failure is
 * left to the sweep, since the page itself was created.
 */
async function settleNewPagePlan(env: Cloudflare.Env, pageId: string, version: number): Promise<void> {
  try {
    if (!(await settlePlan(env.DB, pageId, version))) await syncPagePlan(env, pageId);
  } catch (err) {
    console.error(`createPage: the plan of page ${pageId} is left pending for the sweep`, err);
  }
}

/** Why a page was not created: the caller's create-page limit, or the slug (taken, held, or busy in its DO). */
export type CreateRefusal = "rate_limited" | "slug_unavailable";
export const CREATE_PROBLEM: Record<CreateRefusal, ErrorCode> = { rate_limited: "rate_limited", slug_unavailable: "conflict" };

export interface Created {
  page: Page;
  etag: string;
  claimToken?: string;
}

/**
 * Two writes, ordered so a failure leaves nothing half-made:
 *  1. D1 row first — the UNIQUE slug constraint decides races, and a 409 touches no DO;
 *  2. then the page's DO. If that fails, the D1 row is deleted again (by id) before we answer.
 * A D1 row whose DO holds no page is never served: public reads go to the DO, which answers 404.
 * Every door (API, dashboard form) passes its caller's key: the `create-page` limit counts it here,
 * once the input is known to be well-formed (docs/limits.md#create-page). A refusal carries the
 * problem's words, field errors and `reason` extension (slugConflict); a failed DO write throws (503).
 */
export async function createPage(
  env: Cloudflare.Env,
  input: CreatePageInput,
  owner: UserRow | null,
  caller: string,
): Promise<Result<{ created: Created }, CreateRefusal>> {
  const limit = await tryConsumeLimit(env, "create-page", caller);
  if (!limit.ok) return limit;
  const pageId = newPageId();
  const now = new Date().toISOString();
  const claim = owner ? null : await newClaimToken();
  const reserved = await insertPage(env.DB, {
    id: pageId,
    slug: input.slug,
    owner_id: owner?.id ?? null,
    claim_token_hash: claim?.hash ?? null,
    created_at: now,
  });
  if (!reserved) {
    const why = (await slugBlocker(env.DB, input.slug, { pageId: null, ownerId: owner?.id ?? null })) ?? "taken";
    return refusalOf("slug_unavailable", slugConflict(input.slug, why));
  }

  let result;
  try {
    result = await linkPageStub(env, input.slug).create({ ...input, pageId, now, ...(owner ? { owned: { plan: owner.plan, planVersion: owner.plan_version } } : {}) });
  } catch (err) {
    console.error(`createPage: DO write failed for ${input.slug}; removing its D1 row`, err);
    await deletePageRow(env.DB, pageId);
    throw new AppError("unavailable", "The page could not be created. Nothing was saved; please try again.");
  }
  if (!result.ok) {
    // The DO already holds content for this slug without a D1 row (an earlier failed delete).
    await deletePageRow(env.DB, pageId);
    return refusalOf("slug_unavailable", new AppError("conflict", `The slug "${input.slug}" is not available right now.`));
  }
  if (owner) await settleNewPagePlan(env, pageId, owner.plan_version);
  return { ok: true, created: { page: result.page, etag: result.etag, ...(claim ? { claimToken: claim.token } : {}) } };
}
