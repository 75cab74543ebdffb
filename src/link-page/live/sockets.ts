// The page DO's live sockets themselves: their hibernation tags (mode and who opened them), and
// closing or writing one without letting a socket that is already going away throw.

export type LiveMode = "each" | "batch" | "totals";
export const MODE_TAG: Record<LiveMode, string> = { each: "mode:each", batch: "mode:batch", totals: "mode:totals" };

/**
 * A socket's hibernation tags: the mode it asked for, and who opened it (set by the router,
 * actions/live-access.ts), so a socket can be closed when that access ends.
 */
export function liveTagsOf(request: Request, whoHeader: string): string[] {
  const q = new URL(request.url).searchParams;
  const mode: LiveMode = q.get("totals") === "1" ? "totals" : q.get("batch") === "1" ? "batch" : "each";
  const who = (request.headers.get(whoHeader) ?? "").split(" ").filter((t) => /^[a-z-]+(:[\w-]{1,64})?$/.test(t));
  return [MODE_TAG[mode], ...who.slice(0, 4)];
}

/** Close every socket with `tag` (every socket when tag is null). */
export function closeSockets(ctx: DurableObjectState, tag: string | null, code: number, reason: string): number {
  const sockets = tag === null ? ctx.getWebSockets() : ctx.getWebSockets(tag);
  for (const ws of sockets) {
    closeQuietly(ws, code, reason);
  }
  return sockets.length;
}

export function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closing
  }
}

/** Send to one socket if it is open; a socket that can't take it is closed. */
export function sendTo(ws: WebSocket, msg: string): boolean {
  if (ws.readyState !== WebSocket.READY_STATE_OPEN) return false;
  try {
    ws.send(msg);
    return true;
  } catch {
    closeQuietly(ws, 1011, "Unexpected error");
    return false;
  }
}
