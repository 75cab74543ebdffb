import { slugBlocker, type SlugBlocker } from "../db/released-slugs";
import { linkPageStub } from "../link-page/stub";
import { tellOldAddresses } from "./old-addresses";
import type { MoveResult } from "../link-page/link-page";
import type { PatchPageInput } from "../schemas/page";

export type RenameResult = Exclude<MoveResult, { reason: "slug_unavailable" }> | { ok: false; reason: SlugBlocker };

/**
 * Give a page a new address (docs/rename.md): the page's DO moves itself — content, totals, click
 * buffer, live sockets told — and moves the index row in D1 as it goes (link-page/mover.ts). `patch`'s
 * other fields are applied in the same step. The check here only gives an early, clear 409; the
 * guarded D1 update in the move decides races.
 */
export async function renamePage(
  env: Cloudflare.Env,
  row: { id: string; slug: string; owner_id: string | null },
  to: string,
  patch: Omit<PatchPageInput, "slug">,
  opts: { ifMatch?: string },
): Promise<RenameResult> {
  const who = { pageId: row.id, ownerId: row.owner_id };
  const early = await slugBlocker(env.DB, to, who);
  if (early) return { ok: false, reason: early };
  const res = await linkPageStub(env, row.slug).moveTo(to, { pageId: row.id, patch, ifMatch: opts.ifMatch, now: new Date().toISOString() });
  if (!res.ok && res.reason === "slug_unavailable") return { ok: false, reason: (await slugBlocker(env.DB, to, who)) ?? "taken" };
  if (res.ok) await tellOldAddresses(env, row.id, to, row.slug); // a → b → c: a redirects to c, not to b
  return res;
}
