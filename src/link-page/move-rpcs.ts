// The page DO's two halves of a rename (docs/rename.md): moveTo on the old address, receiveMove on the
// new; then the old address's tombstone: following the page's later moves, and ending with its hold.
import { LIVE_CLOSE } from "../lib/live-tags";
import type { PatchPageInput } from "../schemas/page";
import { closeSockets } from "./live/sockets";
import { writeSnapshot, type MoveMarker, type PageSnapshot } from "./move";
import type { PageCore } from "./page-core";
import { applyPatch, NEW_IDS } from "./page-edits";
import type { MoveResult } from "./types";

/**
 * Move this page, with `patch`'s other edits, to the DO named `to`. Clicks, edits and flushes wait
 * while it runs (blockConcurrencyWhile), so each lands wholly before the move (and moves with it) or
 * after it (and is sent to the new address). Resolves once no Worker serves the page at the old address.
 */
export async function moveTo(
  core: PageCore,
  to: string,
  opts: { pageId: string; patch: PatchPageInput; ifMatch?: string; now: string },
): Promise<MoveResult> {
  await core.settled();
  if (core.load()) await core.shards.drain(); // docs/rename.md#click-shards
  await core.flusher.idle(); // then synchronously into the block: no flush can start in between
  const res = await core.ctx.blockConcurrencyWhile(async (): Promise<MoveResult> => {
    const cur = core.load();
    if (!cur || cur.pageId !== opts.pageId) return { ok: false, reason: "not_found" };
    // A shard that still holds clicks (or took one since its drain) would count for the old address: refuse for now.
    if (core.shards.names().length > 0) return { ok: false, reason: "failed" };
    const edit = applyPatch(cur, opts.patch, opts, NEW_IDS);
    if (!edit.ok) return edit;
    const marker: MoveMarker = { from: cur.slug, page: { ...edit.page, slug: to }, at: Date.parse(opts.now) };
    return core.moves.start(marker);
  });
  if (res.ok) await core.renders.changed();
  return res;
}

/** The other half of moveTo, on the new address's DO: take the page unless another page lives here. */
export async function receiveMove(core: PageCore, snapshot: PageSnapshot): Promise<{ ok: true } | { ok: false; reason: "exists" }> {
  const cur = core.load();
  // Already here (a retried copy whose first reply was lost): the copy here may have counted since.
  if (cur) return cur.pageId === snapshot.page.pageId ? { ok: true } : { ok: false, reason: "exists" };
  core.ensureSchema();
  core.ctx.storage.transactionSync(() => writeSnapshot(core.sql, snapshot));
  core.page = snapshot.page;
  core.moves.forget();
  core.live.received(snapshot.page.slug);
  core.forgetReferrerKey(); // the page's own key came with it (move.ts), read again on use
  await core.ctx.storage.deleteAlarm(); // a tombstone's expiry alarm; the flusher arms its own
  await core.flusher.resync(Date.now());
  await core.renders.changed(); // this address may have answered "moved" within the last second
  return { ok: true };
}

/**
 * On an old address: the page that left it moved on again (`to`) or was deleted (null). Its tombstone
 * follows, so the old address redirects in one hop to where the page is, or stops redirecting
 * (docs/rename.md#the-old-address). Nothing changes when a page lives here now or the tombstone is another page's.
 */
export async function followMove(core: PageCore, pageId: string, to: string | null): Promise<boolean> {
  await core.settled();
  if (core.load()) return false;
  const changed = core.moves.retarget(pageId, to);
  if (changed) await core.renders.changed(); // once this returns, no Worker still serves the old answer
  return changed;
}

/**
 * The alarm of an address no page lives at (the page DO's alarm runs this when it has no page to
 * flush). Once the hold is over the address forgets its old page (a new one may be created here), and
 * sockets still open from before the move end (reconnecting follows the index to the page). A
 * tombstone woken early (a click's flush alarm set as the page left) wakes again when the hold ends.
 */
export async function tombstoneAlarm(core: PageCore): Promise<void> {
  if (core.moves.expired()) {
    closeSockets(core.ctx, null, LIVE_CLOSE.pageMoved, "");
    await core.ctx.storage.deleteAll();
    core.moves.forget();
    core.hasSchema = false;
    return;
  }
  const moved = core.moves.movedTo();
  if (moved) await core.ctx.storage.setAlarm(moved.until);
}
