// Pushing counted clicks to the owner's live sockets, in the two shapes a socket can ask for
// (SPEC §7 and its opt-in extension, see docs/performance.md "Live fan-out"):
// - "each" (the default): one {type:"click"} message per click, sent as the click is counted;
// - "batch" (`?batch=1`): clicks coalesced into {type:"clicks", clicks:[…]} frames.
// What a broadcast costs is per socket and turn, hardly per message: handing one frame to 1,000
// sockets took ~60 ms of runtime CPU here (npm run bench), whether it carried one click or ten. So
// batch frames are spaced by what the previous one cost, FRAME_GAP_PER_SOCKET_MS per socket: one
// dashboard hears a click on the next turn; 1,000 of them get ~12 frames/s at 200 clicks/s, which
// the runtime keeps up with instead of queueing 200,000 messages/s behind each other.
import type { LiveClick } from "../schemas/live";
import { encode } from "./live";

export type LiveMode = "each" | "batch";
const MODE_TAG: Record<LiveMode, string> = { each: "mode:each", batch: "mode:batch" };
export const FRAME_GAP_PER_SOCKET_MS = 0.08;
const MAX_FRAME_GAP_MS = 250;

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
  #pending: LiveClick[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #nextFrameAt = 0; // the earliest a batch frame may go out

  constructor(private readonly ctx: DurableObjectState) {}

  /** A counted click: sent at once to "each" sockets, queued for the next frame to "batch" ones. */
  push(click: LiveClick): void {
    // This runs on every counted click, and most pages have nobody watching: then nothing is
    // encoded, queued or timed. (Sockets by tag, straight from the runtime: only those of a mode.)
    const each = this.ctx.getWebSockets(MODE_TAG.each);
    if (each.length) send(each, encode({ type: "click", ...click }));
    if (this.ctx.getWebSockets(MODE_TAG.batch).length === 0) return;
    this.#pending.push(click);
    // A click after a quiet spell goes out on the next turn (the clicks of one RPC still share it).
    this.#timer ??= setTimeout(() => this.#frame(), Math.max(0, this.#nextFrameAt - Date.now()));
  }

  #frame(): void {
    this.#timer = null;
    const sockets = this.ctx.getWebSockets(MODE_TAG.batch);
    this.#nextFrameAt = Date.now() + Math.min(MAX_FRAME_GAP_MS, sockets.length * FRAME_GAP_PER_SOCKET_MS);
    const clicks = this.#pending;
    this.#pending = [];
    send(sockets, encode({ type: "clicks", clicks }));
  }
}

function send(sockets: WebSocket[], msg: string): void {
  for (const ws of sockets) {
    if (ws.readyState !== WebSocket.READY_STATE_OPEN) continue;
    try {
      ws.send(msg);
    } catch {
      ws.close(1011, "Unexpected error");
    }
  }
}
