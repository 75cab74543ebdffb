// Pushing counted clicks to the owner's live sockets, in the two shapes a socket can ask for
// (SPEC §7 and its opt-in extension, see docs/performance.md "Live fan-out"):
// - "each" (the default): one {type:"click"} message per click;
// - "batch" (`?batch=1`): clicks coalesced into {type:"clicks", clicks:[…]} frames.
// What a broadcast costs is per socket and turn, hardly per message: ~35 µs of runtime CPU per
// socket here (npm run bench), and messages written to one socket back to back cost little more than
// one. So sockets are written in rounds, a slice of SLICE sockets per turn, each getting every click
// it hasn't been sent yet — as one frame, or one message per click, as it asked. During a burst each
// socket is written once per round (as often as the runtime can write to them all), clicks are
// counted between slices instead of queueing behind a 1,000-socket broadcast, and a lone click goes
// out on the next turn.
import type { LiveClick } from "../schemas/live";
import { encode } from "./live";

export type LiveMode = "each" | "batch";
const MODE_TAG: Record<LiveMode, string> = { each: "mode:each", batch: "mode:batch" };
/** Sockets written per turn: ~2 ms of writes, so clicks are counted in between. */
export const SLICE = 50;

/**
 * A socket's hibernation tags: the mode it asked for, and who opened it (set by the router,
 * actions/live-access.ts), so a socket can be closed when that access ends.
 */
export function liveTagsOf(request: Request, whoHeader: string): string[] {
  const mode: LiveMode = new URL(request.url).searchParams.get("batch") === "1" ? "batch" : "each";
  const who = (request.headers.get(whoHeader) ?? "").split(" ").filter((t) => /^[a-z-]+(:[\w-]{1,64})?$/.test(t));
  return [MODE_TAG[mode], ...who.slice(0, 4)];
}

/** Close every socket with `tag` (every socket when tag is null). */
export function closeSockets(ctx: DurableObjectState, tag: string | null, code: number, reason: string): number {
  const sockets = tag === null ? ctx.getWebSockets() : ctx.getWebSockets(tag);
  for (const ws of sockets) {
    try {
      ws.close(code, reason);
    } catch {
      // already closing
    }
  }
  return sockets.length;
}

export class LiveFanout {
  // Clicks not yet sent to every socket: #log[i] has sequence number #logBase + i + 1.
  #log: LiveClick[] = [];
  #logBase = 0;
  #head = 0; // sequence number of the newest click
  /** Per socket, the sequence number up to which it has been sent clicks. */
  #sentUpTo = new WeakMap<WebSocket, number>();
  #round: WebSocket[] = []; // the sockets of the current round: batch ones, then each ones
  #firstEach = 0; // where the "each" sockets begin in #round
  #cursor = 0; // the next socket to visit
  #roundStart = 0; // #head when the current round began
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly ctx: DurableObjectState) {}

  /** A counted click: queued for the next turn's sockets. */
  push(click: LiveClick): void {
    // This runs on every counted click, and most pages have nobody watching: then nothing is
    // queued or timed. While a round is going on there are sockets; only an idle fan-out asks.
    if (this.#timer === null && this.ctx.getWebSockets().length === 0) return;
    this.#log.push(click);
    this.#head++;
    this.#timer ??= setTimeout(() => this.#turn(), 0);
  }

  /** A socket was just sent a snapshot: it holds every click counted so far. */
  opened(ws: WebSocket): void {
    this.#sentUpTo.set(ws, this.#head);
  }

  /** One slice of a round: up to SLICE sockets that are behind each get what they miss. */
  #turn(): void {
    this.#timer = null;
    if (this.#cursor >= this.#round.length) this.#startRound();
    const frames = new Map<number, string>(); // batch sockets sent up to the same click share a frame
    const messages: string[] = []; // "each" messages of this turn, by index in #log
    let written = 0;
    while (written < SLICE && this.#cursor < this.#round.length) {
      const batch = this.#cursor < this.#firstEach;
      const ws = this.#round[this.#cursor++]!;
      // A socket this instance hasn't met (it woke from hibernation) missed every click since.
      const from = Math.max(this.#sentUpTo.get(ws) ?? 0, this.#logBase) - this.#logBase;
      const to = this.#head - this.#logBase;
      if (from >= to) continue;
      if (batch) {
        let frame = frames.get(from);
        if (frame === undefined) frames.set(from, (frame = encode({ type: "clicks", clicks: this.#log.slice(from, to) })));
        if (sendTo(ws, frame)) written++;
      } else {
        for (let i = from; i < to; i++) {
          if (!sendTo(ws, (messages[i] ??= encode({ type: "click", ...this.#log[i]! })))) break;
        }
        written++;
      }
      this.#sentUpTo.set(ws, this.#head);
    }
    // Go on while sockets are left in this round or clicks came during it; idle once all are sent.
    if (this.#cursor < this.#round.length || this.#head > this.#roundStart) this.#timer = setTimeout(() => this.#turn(), 0);
  }

  #startRound(): void {
    // Every socket visited in the round that just ended has been sent at least up to its start, and
    // sockets opened since hold a snapshot taken later: older clicks are needed by nobody.
    this.#log.splice(0, this.#roundStart - this.#logBase);
    this.#logBase = this.#roundStart;
    this.#roundStart = this.#head;
    const batch = this.ctx.getWebSockets(MODE_TAG.batch);
    this.#firstEach = batch.length;
    this.#round = batch.concat(this.ctx.getWebSockets(MODE_TAG.each));
    this.#cursor = 0;
  }
}

/** Send to one socket if it is open; a socket that can't take it is closed. */
function sendTo(ws: WebSocket, msg: string): boolean {
  if (ws.readyState !== WebSocket.READY_STATE_OPEN) return false;
  try {
    ws.send(msg);
    return true;
  } catch {
    ws.close(1011, "Unexpected error");
    return false;
  }
}
