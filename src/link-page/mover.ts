// Carrying out a page's move to its new address, step by step, from the old DO (docs/rename.md):
//   1. (before this runs) the old DO wrote its "moving" marker: from now on it counts and edits nothing
//      until the move is done or undone;
//   2. D1: the index row moves to the new slug, the old one is held for the page — one batch, the
//      decision point (whatever D1 says afterwards is what happened);
//   3. the new DO receives the snapshot (content, totals, buffer with sequence numbers, watermark);
//   4. the old DO becomes a tombstone ("moved to X") and drops the marker; its live sockets stay open,
//      told where the page went, and the new DO relays their counts (live/relay.ts).
// Every step can be sent again. When D1 answers that the row did not move (the new slug was taken, or the
// batch failed before committing) the move is undone at once. Any other failure leaves the marker in
// place and an alarm set: the next alarm or call to the old DO carries the move out again from step 2.
import { currentSlug, revertSlugStatements, switchSlugStatements } from "../db/released-slugs";
import { becomeTombstone, clearMarker, readMarker, readSnapshot, readTombstone, retargetTombstone, tombstoneEnds, writeMarker, type MoveMarker, type Tombstone } from "./move";
import { etagOf, toPage } from "./store";
import type { MoveResult } from "./types";

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
    const stub = env.LINK_PAGE.getByName(to);
    // Sockets open here keep hearing the page through the new DO (docs/rename.md#live-sockets).
    const snapshot = readSnapshot(sql, m.page);
    if (ctx.getWebSockets().length > 0) snapshot.liveRelays = [m.from, ...snapshot.liveRelays];
    received = await stub.receiveMove(snapshot);
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
  return { done: "moved", tombstone };
}

/**
 * The page DO's side of moves (kept apart so the DO class stays thin): whether a move of its page is
 * under way (the marker), where its page went (the tombstone), and finishing a move left unfinished.
 */
export class PageMover {
  #marker: MoveMarker | null | undefined; // undefined = not read from storage yet
  #tomb: Tombstone | null | undefined;
  readonly #ctx: DurableObjectState;
  readonly #env: Cloudflare.Env;
  readonly #d1: () => D1Database;
  readonly #hasSchema: () => boolean;
  readonly #pageLeft: (to: string) => void;

  /** `pageLeft`: called when the page has moved out to `to`, so the DO forgets it (content cache, flusher) and tells its live sockets. */
  constructor(ctx: DurableObjectState, env: Cloudflare.Env, o: { d1: () => D1Database; hasSchema: () => boolean; pageLeft: (to: string) => void }) {
    this.#ctx = ctx;
    this.#env = env;
    this.#d1 = o.d1;
    this.#hasSchema = o.hasSchema;
    this.#pageLeft = o.pageLeft;
  }

  #moving(): MoveMarker | null {
    if (this.#marker === undefined) this.#marker = this.#hasSchema() ? readMarker(this.#ctx.storage.sql) : null;
    return this.#marker;
  }

  #tombstone(): Tombstone | null {
    if (this.#tomb === undefined) this.#tomb = this.#hasSchema() ? readTombstone(this.#ctx.storage.sql) : null;
    return this.#tomb;
  }

  /** Where this address's page went, while the old address still redirects (docs/rename.md). */
  movedTo(now = Date.now()): { slug: string; until: number; pageId: string } | null {
    const t = this.#tombstone();
    return t && t.movedTo && now < tombstoneEnds(t) ? { slug: t.movedTo, until: tombstoneEnds(t), pageId: t.pageId } : null;
  }

  /** The page `pageId` that left this address is now at `to`, or gone (null): follow it (move.ts retargetTombstone). */
  retarget(pageId: string, to: string | null): boolean {
    const t = this.#tombstone();
    const next = t && retargetTombstone(this.#ctx.storage.sql, t, pageId, to ?? "");
    if (next) this.#tomb = next;
    return next !== null && next !== undefined;
  }

  /** A tombstone whose hold is over (its alarm then deletes the DO's storage). */
  expired(now = Date.now()): boolean {
    const t = this.#tombstone();
    return t !== null && now >= tombstoneEnds(t);
  }

  /**
   * A move left unfinished by a failure is finished (or undone) before anything else touches the
   * page: while the marker stands this DO counts and edits nothing, so nothing lands on both sides.
   * `idle` waits out a flush in flight; the block then keeps every other call out.
   */
  async settle(idle: () => Promise<void>): Promise<void> {
    if (!this.#moving()) return;
    await idle();
    await this.#ctx.blockConcurrencyWhile(async () => {
      const m = this.#moving();
      if (m) await this.#carryOut(m);
    });
    const m = this.#moving();
    if (m) throw new Error(`LinkPage ${m.from}: its move to ${m.page.slug} is not finished yet`);
  }

  /**
   * Start a move (call inside blockConcurrencyWhile, after the caller's checks): marker first, with an
   * alarm that carries the move out again if this DO dies before finishing it (the tombstone replaces
   * it; after an undo it only runs an early flush), then the steps.
   */
  async start(m: MoveMarker): Promise<MoveResult> {
    this.#ctx.storage.transactionSync(() => writeMarker(this.#ctx.storage.sql, m));
    this.#marker = m;
    await this.#ctx.storage.setAlarm(Date.now() + MOVE_RETRY_MS);
    return this.#carryOut(m);
  }

  async #carryOut(m: MoveMarker): Promise<MoveResult> {
    const out = await carryOutMove(this.#ctx, this.#env, this.#d1(), m);
    if (out.done === "pending") return { ok: false, reason: "pending" };
    this.#marker = null;
    if (out.done === "undone") return { ok: false, reason: out.reason };
    this.#tomb = out.tombstone;
    this.#pageLeft(out.tombstone.movedTo);
    return { ok: true, page: toPage(m.page, this.#env.APP_URL), etag: etagOf(m.page) };
  }

  /** A page now lives here (received, or created over an expired tombstone), or storage was wiped. */
  forget(): void {
    this.#marker = null;
    this.#tomb = null;
  }
}
