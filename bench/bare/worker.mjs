// Bench only (docs/performance.md#live-fan-out): the runtime's floor for live fan-out. A Durable
// Object that only counts clicks in memory and broadcasts per-link totals to its hibernatable sockets,
// as fast as it can: every click asks for a broadcast on the next turn, and clicks that arrive while
// one is being written share the next. No router, no storage, no auth, no rate bound — what writing
// the same sockets under the same clicks costs with nothing of ours around it. Served by its own
// Miniflare (bench/lib/bare-server.mjs); never deployed.
import { DurableObject } from "cloudflare:workers";

export class BareBroadcast extends DurableObject {
  totals = {};
  changed = {};
  scheduled = false;

  async fetch(request) {
    const url = new URL(request.url);
    if (request.headers.get("upgrade") === "websocket") {
      const [client, server] = Object.values(new WebSocketPair());
      this.ctx.acceptWebSocket(server);
      server.send(JSON.stringify({ type: "snapshot", totals: this.totals }));
      return new Response(null, { status: 101, webSocket: client });
    }
    const link = url.pathname.split("/").pop();
    this.totals[link] = (this.totals[link] ?? 0) + 1;
    this.changed[link] = this.totals[link];
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.broadcast(), 0);
    }
    return new Response(null, { status: 302, headers: { location: "https://example.com/" } });
  }

  broadcast() {
    this.scheduled = false;
    const frame = JSON.stringify({ type: "totals", totals: this.changed, at: new Date().toISOString() });
    this.changed = {};
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(frame);
      } catch {
        // closing
      }
    }
  }

  webSocketMessage() {}
  webSocketClose(ws, code) {
    try {
      ws.close(code, "bye");
    } catch {
      // already closed
    }
  }
}

// /{page}/live (WebSocket) and /{page}/go/{link} (a click), each to the page's object.
export default {
  fetch(request, env) {
    const page = new URL(request.url).pathname.split("/")[1] || "page";
    return env.BARE.get(env.BARE.idFromName(page)).fetch(request);
  },
};
