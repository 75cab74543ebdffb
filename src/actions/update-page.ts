import { linkPageStub } from "../link-page/stub";
import { AppError, fieldError } from "../lib/errors";
import type { PatchPageInput } from "../schemas/page";
import { emitPageUpdated } from "../webhooks/coalesce";
import { slugConflict } from "./create-page";
import { renamePage } from "./rename-page";

/**
 * Change a page (PATCH semantics, checked in its DO) and tell its webhooks: the API's PATCH, the
 * editor's no-JS save and the dashboard's signup settings all save through here. A new `slug` is a
 * rename (actions/rename-page.ts); its page.updated event carries the new slug.
 */
export async function updatePage(
  env: Cloudflare.Env,
  row: { id: string; slug: string; owner_id: string | null },
  patch: PatchPageInput,
  opts: { ifMatch?: string },
  ctx: { waitUntil(p: Promise<unknown>): void },
) {
  const { slug: to, ...rest } = patch;
  let res;
  if (to !== undefined && to !== row.slug) {
    res = await renamePage(env, row, to, rest, opts);
  } else {
    res = await linkPageStub(env, row.slug).update(patch, { ifMatch: opts.ifMatch, now: new Date().toISOString() });
    // A rename landed between the index read and this edit: the edit belongs at the new address.
    if (!res.ok && res.reason === "moved") res = await linkPageStub(env, res.slug).update(rest, { ifMatch: opts.ifMatch, now: new Date().toISOString() });
  }
  // The saved page carries its plan: a free page's webhooks hear nothing (webhooks/policy.ts). Bursts of
  // edits are coalesced per page (webhooks/coalesce.ts), so edits can't multiply outbound requests.
  if (res.ok) ctx.waitUntil(emitPageUpdated(env, { pageId: row.id, slug: res.page.slug, plan: res.page.plan }, res.page));
  return res;
}

type Failure = Exclude<Awaited<ReturnType<typeof updatePage>>, { ok: true }>;

/**
 * Why an edit (or rename) of `slug` was not saved, as the one AppError every door answers with — the
 * API's PATCH and MCP's update_page alike. `fieldPrefix` places field errors where that door's body
 * has the page's fields (MCP nests them under `changes`).
 */
export function updateProblem(res: Failure, slug: string, requestedSlug: string | undefined, fieldPrefix: string[] = []): AppError {
  switch (res.reason) {
    case "not_found":
      return new AppError("not_found", `There is no page "${slug}".`);
    case "moved":
      return new AppError("not_found", `The page "${slug}" was just renamed to "${res.slug}"; send your edit there.`);
    case "taken":
    case "recently_released":
      return slugConflict(requestedSlug ?? slug, res.reason);
    case "failed":
      return new AppError("unavailable", "The rename failed and nothing was changed. Please try again.");
    case "pending":
      return new AppError("unavailable", "The rename could not be finished right now; it is finished by itself within a minute. Then reload the page to see its address.");
    case "stale":
      return new AppError("precondition_failed", `The page changed since that etag; nothing was saved. Get it again (its etag is now ${res.etag}) and reapply your edit.`, {
        headers: { ETag: res.etag },
      });
    case "invalid":
      return fieldError([...fieldPrefix, ...res.field], res.message);
  }
}
