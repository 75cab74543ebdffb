// Carrying out a page's move to its new address, step by step, from the old DO (docs/rename.md):
//   1. (before this runs) the old DO wrote its "moving" marker: from now on it counts and edits nothing
//      until the move is done or undone;
//   2. D1: the index row moves to the new slug, the old one is held for the page — one batch, the
//      decision point (whatever D1 says afterwards is what happened);
//   3. the new DO receives the snapshot (content, totals, buffer with sequence numbers, watermark);
//   4. the old DO becomes a tombstone ("moved to X"), closes its live sockets, and drops the marker.
// Every step can be sent again. When D1 answers that the row did not move (the new slug was taken, or the
// batch failed before committing) the move is undone at once. Any other failure leaves the marker in
// place and an alarm set: the next alarm or call to the old DO carries the move out again from step 2.
import { currentSlug, revertSlugStatements, switchSlugStatements } from "../db/released-slugs";
import { LIVE_CLOSE } from "../lib/live-tags";
import type { LinkPage } from "./link-page";
import { closeSockets } from "./live-sockets";
import { becomeTombstone, clearMarker, readSnapshot, tombstoneEnds, type MoveMarker, type Tombstone } from "./move";

/** How soon an unfinished move is tried again. */
export const MOVE_RETRY_MS = 5_000;

export type MoveOutcome =
  | { done: "moved"; tombstone: Tombstone }
  | { done: "undone"; reason: "slug_unavailable" | "not_found" | "failed" }
  | { done: "pending" };

export async function carryOutMove(ctx: DurableObjectState, env: Cloudflare.Env, d1: D1Database, m: MoveMarker): Promise<MoveOutcome> {
  const sql = ctx.storage.sql;
  const pageId = m.page.pageId;
  const to = m.page.slug;
  const pending = async (step: string, err: unknown): Promise<MoveOutcome> => {
    console.error(`LinkPage ${m.from} (${pageId}): move to ${to} stopped at ${step}; retrying in ${MOVE_RETRY_MS} ms`, err);
    await ctx.storage.setAlarm(Date.now() + MOVE_RETRY_MS);
    return { done: "pending" };
  };
  const undo = (reason: "slug_unavailable" | "not_found" | "failed"): MoveOutcome => {
    ctx.storage.transactionSync(() => clearMarker(sql));
    return { done: "undone", reason };
  };

  let at: string | null;
  let failed = false;
  try {
    const results = await d1.batch<{ slug: string }>(switchSlugStatements(d1, { pageId, from: m.from, to, now: m.at }));
    at = results.at(-1)?.results[0]?.slug ?? null;
  } catch (err) {
    // The batch may have committed with its reply lost: D1's row says which.
    console.error(`LinkPage ${m.from} (${pageId}): index update for the move to ${to} failed`, err);
    failed = true;
    try {
      at = await currentSlug(d1, pageId);
    } catch {
      return pending("the index update", err);
    }
  }
  if (at !== to) return undo(at === null ? "not_found" : failed ? "failed" : "slug_unavailable");

  let received;
  try {
    const stub = env.LINK_PAGE.getByName(to) as DurableObjectStub<LinkPage>;
    received = await stub.receiveMove(readSnapshot(sql, m.page));
  } catch (err) {
    return pending("the copy to the new address", err);
  }
  if (!received.ok) {
    // The new address's DO holds another page (left behind without an index row): put the row back.
    try {
      await d1.batch(revertSlugStatements(d1, { pageId, from: m.from, to }));
    } catch (err) {
      return pending("undoing the index update", err);
    }
    return undo("slug_unavailable");
  }

  const tombstone: Tombstone = { movedTo: to, pageId, movedAt: m.at };
  ctx.storage.transactionSync(() => becomeTombstone(sql, tombstone));
  await ctx.storage.setAlarm(tombstoneEnds(tombstone)); // replaces any flush alarm: nothing is buffered here now
  // The owner's dashboard follows the reason to the new address (public/assets/dash.js).
  closeSockets(ctx, null, LIVE_CLOSE.pageMoved, to);
  return { done: "moved", tombstone };
}
