// The page DO's live sockets (docs/performance.md#live-fan-out, docs/rename.md#live-sockets). This
// folder, file by file:
//   hub.ts       the one door the DO uses (this file): accept a socket or refuse it past the cap, push
//                each counted click to the modules below, close sockets, take what a new address relays
//   fanout.ts    per-click sockets ("each" and "batch"): every click, written in rounds of SLICE
//   totals.ts    the dashboard's totals sockets: per-link totals, one frame per interval
//   relay.ts     after a rename, relaying clicks and closes to old addresses' DOs that hold sockets
//   sockets.ts   the sockets themselves: hibernation tags, closing and writing without throwing
//   messages.ts  what an owner's socket may send, and the answer to it
import { LIVE_CLOSE, LIVE_SOCKETS_PER_PAGE } from "../../lib/live-tags";
import type { LiveClick } from "../../schemas/live";
import { encode } from "./messages";
import { LiveFanout } from "./fanout";
import { LiveRelay, type LiveRelayMessage, type RelayTarget } from "./relay";
import { closeQuietly, closeSockets, sendTo } from "./sockets";
import { LiveTotals } from "./totals";

export class LiveHub {
  #fanout: LiveFanout;
  #totals: LiveTotals;
  #relay: LiveRelay;
  /** On an old address: the slug its sockets were last told the page lives at. */
  #told: string | null = null;
  /** On an old address: per link, the newest total relayed, so a retried relay repeats nothing. */
  #relayed = new Map<string, number>();

  constructor(
    private readonly ctx: DurableObjectState,
    o: { sql: () => SqlStorage | null; page: () => { pageId: string; slug: string } | null; send: RelayTarget },
  ) {
    this.#fanout = new LiveFanout(ctx);
    this.#totals = new LiveTotals(ctx);
    this.#relay = new LiveRelay(o.sql, o.page, o.send);
  }

  /**
   * A socket the router authorised has been accepted: past the cap it is closed at once with
   * LIVE_CLOSE.full (the dashboard then waits a long, jittered while); otherwise it gets its snapshot.
   */
  connect(ws: WebSocket, totals: () => Record<string, number>): void {
    if (this.ctx.getWebSockets().length > LIVE_SOCKETS_PER_PAGE) {
      return closeQuietly(ws, LIVE_CLOSE.full, `this page already has ${LIVE_SOCKETS_PER_PAGE} live sockets: try again later`);
    }
    ws.send(encode({ type: "snapshot", totals: totals() }));
    this.#fanout.opened(ws);
    this.#totals.opened(ws);
  }

  /** Is anyone watching this page's clicks live, here or at an old address? (Click shards report faster then.) */
  watched(): boolean {
    return this.ctx.getWebSockets().length > 0 || this.#relay.hasTargets();
  }

  /** A click counted here. */
  push(click: LiveClick): void {
    this.#fanout.push(click);
    this.#totals.push(click);
    this.#relay.push(click);
  }

  /** Close the sockets tagged `tag` (all when null), here and on the page's old addresses. */
  close(tag: string | null, code: number, reason: string): number {
    this.#relay.close(tag, code, reason);
    return closeSockets(this.ctx, tag, code, reason);
  }

  /** This DO's page moved to `to`: its sockets stay open, told once where the page is now. */
  moved(to: string): void {
    this.#relay.reload(); // its list went with the page
    this.#tell(to);
  }

  /** A page was received here: relay to its old addresses, and tell them (and sockets here, after a rename back) where it is. */
  received(slug: string): void {
    this.#relay.reload();
    this.#relay.announce();
    // Sockets here are this page's, from when it left this address (renamed back): tell them.
    if (this.ctx.getWebSockets().length > 0) this.#tell(slug);
    this.#told = null;
    this.#relayed.clear();
  }

  /**
   * On an old address: what the page's DO relays. `movedTo` is this DO's tombstone (null: none, or
   * another page's — then nothing is passed on). Answers how many sockets are still open here.
   */
  relayed(msg: LiveRelayMessage, tomb: { pageId: string; slug: string } | null): number {
    if (!tomb || tomb.pageId !== msg.pageId) return 0;
    if (this.#told === null) this.#told = tomb.slug;
    if (msg.slug !== this.#told) this.#tell(msg.slug);
    for (const c of msg.clicks) {
      if (c.total <= (this.#relayed.get(c.linkId) ?? 0)) continue;
      this.#relayed.set(c.linkId, c.total);
      this.#fanout.push(c);
      this.#totals.push(c);
    }
    for (const c of msg.closes) closeSockets(this.ctx, c.tag, c.code, c.reason);
    return this.ctx.getWebSockets().filter((ws) => ws.readyState === WebSocket.READY_STATE_OPEN).length;
  }

  #tell(slug: string): void {
    this.#told = slug;
    const msg = encode({ type: "renamed", slug });
    for (const ws of this.ctx.getWebSockets()) sendTo(ws, msg);
  }
}
