// The live fan-out's rounds, with the turns driven by the test. test/integration/live.test.ts runs
// the real page DO with real sockets, but there the runtime decides when a turn runs, so sockets
// opening or closing in the middle of a round, and clicks landing between two slices, happen only
// by chance. Here a fast-check model interleaves them on purpose, over the same LiveFanout class.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIVE_CLOSE } from "../../src/lib/live-tags";
import { LiveFanout, MAX_BEHIND, SLICE } from "../../src/link-page/live/fanout";

type Mode = "batch" | "each";
interface Sock { mode: Mode; open: boolean; snapAt: number; heard: number[]; closedWith?: number; faulty?: boolean; ws: any }

function harness() {
  const sockets: Sock[] = [];
  const turns: (() => void)[] = [];
  let counted = 0;
  let writesThisTurn = 0;
  let maxWritesPerTurn = 0;
  const socketOf = (s: Sock) => ({
    get readyState() {
      if (s.faulty) throw new Error("injected fault");
      return s.open ? WebSocket.READY_STATE_OPEN : WebSocket.READY_STATE_CLOSED;
    },
    send(m: string) {
      writesThisTurn++;
      const msg = JSON.parse(m);
      s.heard.push(...(msg.type === "clicks" ? msg.clicks : [msg]).map((c: { total: number }) => c.total));
    },
    close(code: number) {
      s.open = false;
      s.closedWith = code;
    },
  });
  const ctx = {
    getWebSockets: (tag?: string) => sockets.filter((s) => s.open && (!tag || tag === `mode:${s.mode}`)).map((s) => s.ws),
  };
  const later = (run: () => void) => turns.push(run);
  const h = {
    sockets,
    fanout: new LiveFanout(ctx, later),
    get counted() {
      return counted;
    },
    get maxWritesPerTurn() {
      return maxWritesPerTurn;
    },
    get pendingTurns() {
      return turns.length;
    },
    click() {
      h.fanout.push({ linkId: "a", total: ++counted, at: "" });
    },
    open(mode: Mode) {
      const s: Sock = { mode, open: true, snapAt: counted, heard: [], ws: null };
      s.ws = socketOf(s);
      sockets.push(s);
      h.fanout.opened(s.ws); // the snapshot holds every click so far
    },
    close(i: number) {
      const live = sockets.filter((s) => s.open);
      if (live.length) live[i % live.length]!.open = false;
    },
    /** The DO is evicted and re-created while idle: sockets survive, their JS objects don't. */
    hibernate() {
      if (turns.length) return;
      h.fanout = new LiveFanout(ctx, later);
      for (const s of sockets) s.ws = socketOf(s);
    },
    turn() {
      writesThisTurn = 0;
      turns.shift()?.();
      maxWritesPerTurn = Math.max(maxWritesPerTurn, writesThisTurn);
    },
    drain() {
      for (let n = 0; turns.length; n++) {
        if (n > 100_000) throw new Error("the fan-out never goes idle");
        h.turn();
      }
    },
  };
  return h;
}

const action = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "click" as const }) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => ({ kind: "turns" as const, n })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("open" as const), mode: fc.constantFrom<Mode>("batch", "each"), n: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("close" as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: "hibernate" as const }) },
);

describe("LiveFanout rounds", () => {
  it("every open socket hears every click after its snapshot, once and in order, whatever the interleaving", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 300 }), (actions) => {
        const h = harness();
        h.open("each");
        h.open("batch");
        for (const a of actions) {
          if (a.kind === "click") h.click();
          else if (a.kind === "turns") for (let i = 0; i < a.n; i++) h.turn();
          else if (a.kind === "open") for (let i = 0; i < a.n; i++) h.open(a.mode);
          else if (a.kind === "close") h.close(a.i);
          else h.hibernate();
        }
        h.drain();
        for (const s of h.sockets.filter((s) => s.open)) {
          expect(s.heard).toEqual(Array.from({ length: h.counted - s.snapAt }, (_, i) => s.snapAt + i + 1));
        }
        expect(h.maxWritesPerTurn).toBeLessThanOrEqual(SLICE);
      }),
      { numRuns: 400 },
    );
  });

  it("writes at most SLICE messages a turn, even to plain sockets far behind, and goes idle once all are sent", () => {
    const h = harness();
    for (let i = 0; i < 30; i++) h.open("each");
    for (let i = 0; i < 500; i++) h.click(); // a burst before the first turn
    let turns = 0;
    while (h.sockets.some((s) => s.heard.length < 500) && turns < 10_000) {
      h.turn();
      turns++;
    }
    expect(h.maxWritesPerTurn).toBe(SLICE);
    expect(turns).toBe((30 * 500) / SLICE);
    expect(h.pendingTurns).toBe(0); // every socket holds every click: nothing left to do
    h.click();
    h.drain();
    for (const s of h.sockets) expect(s.heard).toEqual(Array.from({ length: 501 }, (_, i) => i + 1));
  });

  it("keeps the dashboard's batch sockets current while plain sockets on the same page fall behind", () => {
    const h = harness();
    for (let i = 0; i < 5; i++) h.open("batch");
    for (let i = 0; i < 100; i++) h.open("each");
    // 3,000 clicks, 20 a turn: far more messages than the plain sockets can be written.
    for (let t = 0; t < 150; t++) {
      for (let c = 0; c < 20; c++) h.click();
      h.turn();
    }
    h.drain();
    const batch = h.sockets.filter((s) => s.mode === "batch");
    for (const s of batch) expect([s.open, s.heard.length]).toEqual([true, 3000]);
    expect(h.sockets.filter((s) => s.mode === "each" && s.closedWith === LIVE_CLOSE.behind).length).toBeGreaterThan(0);
    // And the other way round: the two lanes take turns, so neither waits while the other is busy.
    const fair = harness();
    fair.open("batch");
    fair.open("each");
    let lag = 0;
    for (let t = 0; t < 100; t++) {
      fair.click();
      fair.turn();
      lag = Math.max(lag, ...fair.sockets.map((s) => fair.counted - s.heard.length));
    }
    expect(lag).toBeLessThanOrEqual(2);
  });

  it("doesn't let one busy plain socket hold its lane's round open while clicks keep coming", () => {
    const h = harness();
    h.open("each");
    for (let i = 0; i < MAX_BEHIND - 100; i++) h.click(); // the first plain socket starts far behind
    h.open("each");
    h.open("batch");
    for (let t = 0; t < 2000; t++) {
      for (let c = 0; c < 25; c++) h.click(); // about what the plain lane can write
      h.turn();
    }
    const second = h.sockets[1]!;
    expect(second.heard.length > 0 || second.closedWith === LIVE_CLOSE.behind).toBe(true);
    h.drain();
    for (const s of h.sockets.filter((s) => s.open)) {
      expect(s.heard).toEqual(Array.from({ length: h.counted - s.snapAt }, (_, i) => s.snapAt + i + 1));
    }
  });

  it("closes a socket that fails in the middle of a round, and the others miss nothing", () => {
    const h = harness();
    for (const mode of ["each", "batch", "each", "batch"] as const) h.open(mode);
    h.sockets[0]!.faulty = true;
    h.sockets[1]!.faulty = true;
    for (let i = 0; i < 120; i++) h.click();
    h.drain();
    for (const s of h.sockets.slice(0, 2)) expect([s.open, s.closedWith]).toEqual([false, 1011]);
    for (const s of h.sockets.slice(2)) expect(s.heard).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  });

  it("closes a socket more than MAX_BEHIND clicks behind so it reconnects for a snapshot, and catches up one just within", () => {
    const h = harness();
    h.open("each");
    h.open("batch");
    for (let i = 0; i < MAX_BEHIND; i++) h.click();
    h.open("each"); // opened after the first MAX_BEHIND clicks: it misses only what follows
    h.open("batch");
    h.click(); // the first two are now MAX_BEHIND + 1 behind, the last two 1
    h.drain();
    const [early1, early2, late1, late2] = h.sockets;
    for (const s of [early1!, early2!]) expect([s.open, s.closedWith, s.heard]).toEqual([false, LIVE_CLOSE.behind, []]);
    for (const s of [late1!, late2!]) expect([s.open, s.heard]).toEqual([true, [MAX_BEHIND + 1]]);
    const within = harness();
    within.open("each");
    within.open("batch");
    for (let i = 0; i < MAX_BEHIND; i++) within.click();
    within.drain();
    for (const s of within.sockets) expect(s.heard).toHaveLength(MAX_BEHIND);
  });
});
