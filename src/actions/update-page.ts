import { linkPageStub } from "../link-page/stub";
import type { PatchPageInput } from "../schemas/page";
import { emitPageUpdated } from "../webhooks/coalesce";
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
  // The saved page carries its plan: a free page's webhooks hear nothing (webhooks/plan.ts). Bursts of
  // edits are coalesced per page (webhooks/coalesce.ts), so edits can't multiply outbound requests.
  if (res.ok) ctx.waitUntil(emitPageUpdated(env, { pageId: row.id, slug: res.page.slug, plan: res.page.plan }, res.page));
  return res;
}
