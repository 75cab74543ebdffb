// The dashboard's totals frames (live/totals.ts) with the clock and the turns driven by the test: at
// most one frame per LIVE_FRAME_INTERVAL_MS per socket however fast clicks come, every socket ending
// at the exact totals, at most SLICE writes a turn, and a lone click after a quiet spell sent at once.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIVE_FRAME_INTERVAL_MS } from "../../src/lib/live-tags";
import { SLICE } from "../../src/link-page/live/fanout";
import { LiveTotals } from "../../src/link-page/live/totals";

function harness() {
  let now = 1_000_000;
  const timers: { at: number; run: () => void }[] = [];
  let writes = 0;
  let maxWritesPerTurn = 0;
  const sockets: { open: boolean; frames: { at: number; totals: Record<string, number> }[]; seen: Record<string, number>; ws: any }[] = [];
  const ctx = { getWebSockets: () => sockets.filter((s) => s.open).map((s) => s.ws) };
  const live = new LiveTotals(ctx, { now: () => now, later: (run, ms) => timers.push({ at: now + ms, run }) });
  const counted: Record<string, number> = {};
  const h = {
    open() {
      const s = { open: true, frames: [] as { at: number; totals: Record<string, number> }[], seen: { ...counted }, ws: null as any };
      s.ws = {
        readyState: WebSocket.READY_STATE_OPEN,
        send(m: string) {
          writes++;
          const msg = JSON.parse(m);
          s.frames.push({ at: now, totals: msg.totals });
          Object.assign(s.seen, msg.totals);
        },
      };
      sockets.push(s);
      live.opened(s.ws);
      return s;
    },
    click(linkId: string) {
      counted[linkId] = (counted[linkId] ?? 0) + 1;
      live.push({ linkId, total: counted[linkId]!, at: new Date(now).toISOString() });
    },
    /** Run the next timer that is due by `until` (advancing the clock to it); false if none. */
    step(until = Infinity): boolean {
      timers.sort((a, b) => a.at - b.at);
      if (!timers.length || timers[0]!.at > until) return false;
      const t = timers.shift()!;
      now = Math.max(now, t.at);
      writes = 0;
      t.run();
      maxWritesPerTurn = Math.max(maxWritesPerTurn, writes);
      return true;
    },
    advance(ms: number) {
      const until = now + ms;
      while (h.step(until));
      now = until;
    },
    drain() {
      while (h.step());
    },
    sockets,
    counted,
    get now() {
      return now;
    },
    get maxWritesPerTurn() {
      return maxWritesPerTurn;
    },
  };
  return h;
}

describe("LiveTotals", () => {
  it("sends a lone click after a quiet spell on the next turn, with just that link's total", () => {
    const h = harness();
    const s = h.open();
    h.click("a");
    const at = h.now;
    h.drain();
    expect(s.frames).toEqual([{ at, totals: { a: 1 } }]);
  });

  it("never sends a socket more than one frame per interval, and every socket ends at the exact totals (model)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ click: fc.constantFrom("a", "b", "c") }), fc.record({ wait: fc.integer({ min: 0, max: 250 }) }), fc.constant({ open: true })), { maxLength: 300 }),
        fc.integer({ min: 1, max: 3 * SLICE }),
        (ops, initial) => {
          const h = harness();
          for (let i = 0; i < initial; i++) h.open();
          for (const op of ops) {
            if ("click" in op) h.click(op.click);
            else if ("wait" in op) h.advance(op.wait);
            else h.open();
          }
          h.drain();
          for (const s of h.sockets) {
            expect(s.seen).toEqual(h.counted);
            for (let i = 1; i < s.frames.length; i++) expect(s.frames[i]!.at - s.frames[i - 1]!.at).toBeGreaterThanOrEqual(LIVE_FRAME_INTERVAL_MS);
          }
          expect(h.maxWritesPerTurn).toBeLessThanOrEqual(SLICE);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("under a steady 1,000 clicks a second, sends each socket one frame per interval, not one per click", () => {
    const perSecond = 1000 / LIVE_FRAME_INTERVAL_MS;
    const h = harness();
    const sockets = Array.from({ length: 120 }, () => h.open());
    for (let ms = 0; ms < 1000; ms++) {
      h.click(ms % 2 ? "a" : "b");
      h.advance(1);
    }
    h.drain();
    for (const s of sockets) {
      expect(s.frames.length).toBeLessThanOrEqual(perSecond + 1);
      expect(s.seen).toEqual({ a: 500, b: 500 });
    }
  });
});
