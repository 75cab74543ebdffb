// Pushing every counted click to the owner's per-click live sockets, in the two shapes such a socket
// can ask for (docs/performance.md#live-fan-out; the dashboard's totals frames are totals.ts):
// - "each" (the default): one {type:"click"} message per click;
// - "batch" (`?batch=1`): clicks coalesced into {type:"clicks", clicks:[…]} frames.
// What a broadcast costs is per socket and turn, hardly per message: ~30 µs of runtime CPU per
// socket here (npm run bench), and messages written to one socket back to back cost a third of
// that. So sockets are written in rounds, SLICE writes per turn, each socket getting every click it
// hasn't been sent yet — as one frame, or one message per click, as it asked. During a burst each
// socket is written once per round (as often as the runtime can write to them all), clicks are
// counted between slices instead of queueing behind a 1,000-socket broadcast, and a lone click goes
// out on the next turn. Batch and plain sockets are two lanes taking turns, so the dashboard's frames
// never wait behind plain sockets' backlogs. A socket that falls MAX_BEHIND clicks behind is closed
// (LIVE_CLOSE.behind) so it reconnects for a fresh snapshot, rather than holding ever more clicks here:
// an API client that asked for every click gets every click or a clear close, never a gap.
import type { LiveClick } from "../../schemas/live";
import { LIVE_CLOSE } from "../../lib/live-tags";
import { encode } from "./messages";
import { closeQuietly, MODE_TAG, sendTo } from "./sockets";

/** Writes (frames or messages) per turn: ~2 ms of them, so clicks are counted in between. */
export const SLICE = 50;
/** Clicks a socket may be behind: ~10 s at 200 clicks/s, a batch frame of ~120 KB. */
export const MAX_BEHIND = 2_000;

/** The sockets of one mode, written in rounds of their own. */
class Lane {
  round: WebSocket[] = []; // this round's sockets, in order
  cursor = 0; // the socket being caught up
  roundStart = 0; // the newest click's sequence number when this round began
  safe = 0; // every socket of this lane has been sent at least up to here
  constructor(readonly batch: boolean) {}
}

export class LiveFanout {
  // Clicks not yet sent to every socket: #log[i] has sequence number #logBase + i + 1, and
  // #messages[i] is its "each" message once encoded.
  #log: LiveClick[] = [];
  #messages: string[] = [];
  #logBase = 0;
  #head = 0; // sequence number of the newest click
  /** Per socket, the sequence number up to which it has been sent clicks. */
  #sentUpTo = new WeakMap<WebSocket, number>();
  // Batch sockets (the dashboard) and plain ones take turns, so plain sockets' backlogs of one
  // message per click never hold up the frames, nor make batch sockets look MAX_BEHIND.
  #lanes = [new Lane(true), new Lane(false)];
  #next = 0; // the lane whose turn is next
  #timer: unknown = null;

  /** `later` runs a function on a later turn (a test drives the turns itself). */
  constructor(
    private readonly ctx: Pick<DurableObjectState, "getWebSockets">,
    private readonly later: (run: () => void) => unknown = (run) => setTimeout(run, 0),
  ) {}

  /** A counted click: queued for the next turn's sockets. */
  push(click: LiveClick): void {
    // This runs on every counted click, and most pages have nobody watching: then nothing is
    // queued or timed. While a round is going on there are sockets; only an idle fan-out asks.
    if (this.#timer === null && this.ctx.getWebSockets(MODE_TAG.each).length + this.ctx.getWebSockets(MODE_TAG.batch).length === 0) return;
    this.#log.push(click);
    this.#head++;
    this.#timer ??= this.later(() => this.#turn());
  }

  /**
   * A socket was just sent a snapshot: it holds every click counted so far. Called in the same
   * synchronous step as its accept (partyserver's onConnect): a socket the runtime lists that this
   * instance hasn't met is one that outlived a previous instance (hibernation).
   */
  opened(ws: WebSocket): void {
    this.#sentUpTo.set(ws, this.#head);
  }

  /** One turn: a slice of the next lane with work, then drop what every socket has. */
  #turn(): void {
    this.#timer = null;
    const lane = [this.#lanes[this.#next]!, this.#lanes[1 - this.#next]!].find((l) => this.#hasWork(l));
    if (lane) {
      this.#next = 1 - this.#lanes.indexOf(lane); // the other lane goes first next turn
      this.#slice(lane);
    }
    const more = this.#lanes.map((l) => this.#hasWork(l)).includes(true); // every lane asked: each updates its `safe`
    this.#trim();
    if (more) this.#timer = this.later(() => this.#turn());
  }

  /** SLICE writes to the lane's sockets that are behind, in round order. */
  #slice(lane: Lane): void {
    const frames = new Map<number, string>(); // batch sockets sent up to the same click share a frame
    let budget = SLICE;
    while (budget > 0 && lane.cursor < lane.round.length) {
      const ws = lane.round[lane.cursor]!;
      let step: { writes: number; done: boolean };
      try {
        step = this.#catchUp(ws, lane.batch, budget, frames, lane.roundStart);
      } catch (err) {
        console.error("live fan-out: closing a socket after", err); // never stall a round on one socket
        closeQuietly(ws, 1011, "Unexpected error");
        this.#sentUpTo.set(ws, this.#head); // closed: it needs nothing more, so #trim may drop its clicks
        step = { writes: 1, done: true };
      }
      budget -= step.writes;
      if (step.done) lane.cursor++;
    }
  }

  /** Has the lane sockets left in its round, or clicks since it began (then a new round starts)? */
  #hasWork(lane: Lane): boolean {
    if (lane.cursor < lane.round.length) return true;
    // The round is over: each of its sockets has been sent at least up to its start.
    lane.safe = lane.roundStart;
    if (this.#head === lane.roundStart) return false;
    lane.round = this.ctx.getWebSockets(lane.batch ? MODE_TAG.batch : MODE_TAG.each);
    lane.cursor = 0;
    lane.roundStart = this.#head;
    if (lane.round.length > 0) return true;
    lane.safe = this.#head; // no sockets: nobody to hold clicks for (new ones start at their snapshot)
    return false;
  }

  /**
   * Drop the clicks every socket has been sent (sockets opened since hold a later snapshot), and
   * never keep more than MAX_BEHIND + 1: a socket still owed older ones is then that far behind, and
   * is closed with 4008 when its turn comes instead of being sent from the gap.
   */
  #trim(): void {
    const safe = Math.max(this.#logBase, Math.min(...this.#lanes.map((l) => l.safe)), this.#head - MAX_BEHIND - 1);
    this.#log.splice(0, safe - this.#logBase);
    this.#messages.splice(0, safe - this.#logBase);
    this.#logBase = safe;
    if (this.#log.length === 0) for (const l of this.#lanes) if (l.cursor >= l.round.length) l.round = [];
  }

  /**
   * Send one socket what it misses, within `budget` writes; done once it has every click up to
   * `until` (its round's start: clicks since wait for the next round, so one busy socket can't hold a
   * round open while clicks keep coming).
   */
  #catchUp(ws: WebSocket, batch: boolean, budget: number, frames: Map<number, string>, until: number): { writes: number; done: boolean } {
    // A socket this instance hasn't met (it woke from hibernation) missed every click since.
    const from = Math.max(this.#sentUpTo.get(ws) ?? 0, this.#logBase);
    if (from >= this.#head) return { writes: 0, done: true };
    if (this.#head - from > MAX_BEHIND) {
      closeQuietly(ws, LIVE_CLOSE.behind, "too far behind: reconnect for a new snapshot");
      this.#sentUpTo.set(ws, this.#head);
      return { writes: 1, done: true };
    }
    const i = from - this.#logBase;
    if (batch) {
      let frame = frames.get(from);
      if (frame === undefined) frames.set(from, (frame = encode({ type: "clicks", clicks: this.#log.slice(i) })));
      sendTo(ws, frame);
      this.#sentUpTo.set(ws, this.#head);
      return { writes: 1, done: true };
    }
    // One message per click, as many as the budget allows; a socket that can't take one is done.
    const end = Math.min(this.#log.length, i + budget);
    for (let j = i; j < end; j++) {
      if (!sendTo(ws, (this.#messages[j] ??= encode({ type: "click", ...this.#log[j]! })))) {
        this.#sentUpTo.set(ws, this.#head);
        return { writes: j - i + 1, done: true };
      }
    }
    this.#sentUpTo.set(ws, this.#logBase + end);
    return { writes: end - i, done: this.#logBase + end >= until };
  }
}
