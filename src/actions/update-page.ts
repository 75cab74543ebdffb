import { linkPageStub } from "../env";
import type { PatchPageInput } from "../schemas/page";
import { emitPageUpdated } from "../webhooks/coalesce";

/**
 * Change a page (PATCH semantics, checked in its DO) and tell its webhooks: the API's PATCH, the
 * editor's no-JS save and the dashboard's signup settings all save through here.
 */
export async function updatePage(
  env: Cloudflare.Env,
  row: { id: string; slug: string },
  patch: PatchPageInput,
  opts: { ifMatch?: string },
  ctx: { waitUntil(p: Promise<unknown>): void },
) {
  const res = await linkPageStub(env, row.slug).update(patch, { ifMatch: opts.ifMatch, now: new Date().toISOString() });
  // The saved page carries its plan: a free page's webhooks hear nothing (webhooks/plan.ts). Bursts of
  // edits are coalesced per page (webhooks/coalesce.ts), so edits can't multiply outbound requests.
  if (res.ok) ctx.waitUntil(emitPageUpdated(env, { pageId: row.id, slug: row.slug, plan: res.page.plan }, res.page));
  return res;
}
