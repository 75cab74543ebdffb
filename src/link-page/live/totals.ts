// The dashboard's live socket (`?totals=1`): per-link all-time totals, at most one frame per
// LIVE_FRAME_INTERVAL_MS per socket (docs/performance.md#live-fan-out). A frame carries the totals of
// the links clicked since that socket's last frame, so however many clicks a burst brings, a socket
// costs one write per interval, and one that missed frames (or whose writes queued) is never "behind":
// its next frame holds the current totals. Sockets are written in rounds, SLICE a turn, so clicks are
// counted between slices; a round starts at most once per interval, and a lone click after a quiet
// spell goes out on the next turn.
import { LIVE_FRAME_INTERVAL_MS } from "../../lib/live-tags";
import type { LiveClick } from "../../schemas/live";
import { encode } from "./messages";
import { SLICE } from "./fanout";
import { MODE_TAG, sendTo } from "./sockets";

export interface Clock {
  now(): number;
  /** Run `run` on a later turn, at least `ms` from now. */
  later(run: () => void, ms: number): unknown;
}
const realClock: Clock = { now: () => Date.now(), later: (run, ms) => setTimeout(run, ms) };

export class LiveTotals {
  /** Per link: its newest total, the change number that set it, and that click's time. */
  #changes = new Map<string, { total: number; v: number; at: string }>();
  #version = 0;
  /** Per socket, the change number its last frame (or its snapshot) included. */
  #sentUpTo = new WeakMap<WebSocket, number>();
  #round: WebSocket[] = [];
  #cursor = 0;
  #roundStartedAt = -Infinity;
  #timer: unknown = null;

  constructor(
    private readonly ctx: Pick<DurableObjectState, "getWebSockets">,
    private readonly clock: Clock = realClock,
  ) {}

  /** A counted click (or one relayed from the page's new address): queued for the next frame. */
  push(click: LiveClick): void {
    if (this.#timer === null && this.ctx.getWebSockets(MODE_TAG.totals).length === 0) return;
    const cur = this.#changes.get(click.linkId);
    if (cur && cur.total >= click.total) return; // totals only grow: an older click adds nothing
    this.#changes.set(click.linkId, { total: click.total, v: ++this.#version, at: click.at });
    this.#schedule();
  }

  /** A socket was just sent a snapshot holding every click counted so far. */
  opened(ws: WebSocket): void {
    this.#sentUpTo.set(ws, this.#version);
  }

  #schedule(): void {
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#roundStartedAt + LIVE_FRAME_INTERVAL_MS - this.clock.now());
    this.#timer = this.clock.later(() => this.#turn(), wait);
  }

  #turn(): void {
    this.#timer = null;
    if (this.#cursor >= this.#round.length) {
      this.#round = this.ctx.getWebSockets(MODE_TAG.totals);
      this.#cursor = 0;
      this.#roundStartedAt = this.clock.now();
    }
    const frames = new Map<number, string>(); // sockets last sent up to the same change share a frame
    let budget = SLICE;
    while (budget > 0 && this.#cursor < this.#round.length) {
      const ws = this.#round[this.#cursor++]!;
      // A socket this instance hasn't met woke from hibernation: it gets every total changed since.
      const from = this.#sentUpTo.get(ws) ?? 0;
      if (from >= this.#version) continue;
      let frame = frames.get(from);
      if (frame === undefined) frames.set(from, (frame = this.#frame(from)));
      sendTo(ws, frame);
      this.#sentUpTo.set(ws, this.#version);
      budget--;
    }
    if (this.#cursor < this.#round.length) this.#timer = this.clock.later(() => this.#turn(), 0);
    else if (this.#round.some((ws) => (this.#sentUpTo.get(ws) ?? 0) < this.#version)) this.#schedule();
    else this.#round = [];
  }

  /** The totals of the links changed after change number `from`. */
  #frame(from: number): string {
    const totals: Record<string, number> = {};
    let at = "";
    for (const [linkId, c] of this.#changes) {
      if (c.v <= from) continue;
      totals[linkId] = c.total;
      if (c.at > at) at = c.at;
    }
    return encode({ type: "totals", totals, at });
  }
}
