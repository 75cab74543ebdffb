// The click batcher (src/actions/click-batcher.ts) with a fake clock and a fake "DO call" whose
// replies the test releases by hand: batching, who wakes when, the queue bound, failed calls, deadlines.
// `wake: "resolve"` is production's mode (woken by the call's request); this test runner's workerd has
// cross-request wake-ups off, which only matters for real requests, not for these plain promises.
import { describe, expect, it } from "vitest";
import { CHAIN_LIMIT_MS, ClickBatcher, ClickRefused, type Clock } from "../../src/actions/click-batcher";

/** Timers that fire only when the test advances time. */
class FakeClock implements Clock {
  t = 0;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown) => void this.#timers.delete(h as number);
  get pending(): number {
    return this.#timers.size;
  }
  advance(ms: number): void {
    this.t += ms;
    for (const [id, tm] of [...this.#timers].sort((a, b) => a[1].at - b[1].at)) {
      if (tm.at <= this.t && this.#timers.delete(id)) tm.fn();
    }
  }
}

/** A send function whose calls wait until the test answers or fails them. */
class FakeDo {
  calls: { key: string; inputs: number[]; answer: () => void; fail: (e: unknown) => void }[] = [];
  send = (key: string, inputs: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      this.calls.push({ key, inputs, answer: () => resolve(inputs.map((i) => `ok:${i}`)), fail: reject });
    });
}

const ctx = () => ({ tasks: [] as Promise<unknown>[], waitUntil(p: Promise<unknown>) { this.tasks.push(p); } });
const flush = () => new Promise<void>((r) => setTimeout(r, 0)); // let settled promises' continuations run

function track<T>(p: Promise<T>) {
  const s: { value?: T; error?: unknown; done: boolean } = { done: false };
  p.then((v) => Object.assign(s, { value: v, done: true }), (e) => Object.assign(s, { error: e, done: true }));
  return s;
}

const make = (d: FakeDo, clock: FakeClock, opts: { maxPerCall?: number; maxWaiting?: number; waitLimitMs?: number; wake?: "resolve" | "poll" } = {}) =>
  new ClickBatcher<number, string>(d.send, { clock, wake: "resolve", ...opts });

describe("ClickBatcher", () => {
  it("a lone click is sent at once; clicks arriving during a call go together in the next, in arrival order", async () => {
    const clock = new FakeClock();
    const d = new FakeDo();
    const b = make(d, clock, { maxPerCall: 3 });
    const first = track(b.submit("p", 0, ctx()));
    await flush();
    expect(d.calls.map((c) => c.inputs)).toEqual([[0]]);
    const rest = [1, 2, 3, 4, 5].map((i) => track(b.submit("p", i, ctx())));
    await flush();
    expect(d.calls).toHaveLength(1); // one call in flight per page per isolate
    expect(clock.pending).toBe(6); // one deadline timer per click, set once: nothing polls
    d.calls[0]!.answer();
    await flush();
    expect(first).toMatchObject({ done: true, value: "ok:0" });
    expect(rest.every((r) => !r.done)).toBe(true); // woken only by their own batch
    expect(d.calls.map((c) => c.inputs)).toEqual([[0], [1, 2, 3]]);
    d.calls[1]!.answer();
    await flush();
    expect(rest.map((r) => r.value)).toEqual(["ok:1", "ok:2", "ok:3", undefined, undefined]);
    expect(d.calls[2]!.inputs).toEqual([4, 5]);
    d.calls[2]!.answer();
    await flush();
    expect(rest.map((r) => r.value)).toEqual(["ok:1", "ok:2", "ok:3", "ok:4", "ok:5"]);
    expect(b.waiting("p")).toBe(0);
    expect(clock.pending).toBe(0); // an answered click clears its deadline: a storm leaves no timers behind
  });

  it("the request that sent a call sends the next batch too (its waitUntil holds the chain)", async () => {
    const d = new FakeDo();
    const b = make(d, new FakeClock(), { maxPerCall: 10 });
    const c0 = ctx(), c1 = ctx(), c2 = ctx();
    void b.submit("p", 0, c0);
    await flush();
    void b.submit("p", 1, c1);
    void b.submit("p", 2, c2);
    expect([c0.tasks.length, c1.tasks.length, c2.tasks.length]).toEqual([1, 0, 0]);
    const chain = track(c0.tasks[0]!);
    d.calls[0]!.answer();
    await flush();
    expect(d.calls[1]!.inputs).toEqual([1, 2]);
    expect(chain.done).toBe(false);
    d.calls[1]!.answer();
    await flush();
    expect(chain.done).toBe(true);
    expect([c1.tasks.length, c2.tasks.length]).toEqual([0, 0]);
  });

  it("after CHAIN_LIMIT_MS the chain stops and the first waiter leads from its own request", async () => {
    const clock = new FakeClock();
    const d = new FakeDo();
    const b = make(d, clock, { maxPerCall: 1, waitLimitMs: 60_000 });
    const c0 = ctx(), c1 = ctx(), c2 = ctx();
    void b.submit("p", 0, c0);
    await flush();
    const one = track(b.submit("p", 1, c1));
    const two = track(b.submit("p", 2, c2));
    clock.advance(CHAIN_LIMIT_MS);
    d.calls[0]!.answer();
    await flush();
    expect(c0.tasks).toHaveLength(1);
    expect(c1.tasks).toHaveLength(1); // click 1 was handed the lead and sends from its own request
    expect(d.calls[1]!.inputs).toEqual([1]);
    d.calls[1]!.answer();
    await flush();
    expect(d.calls[2]!.inputs).toEqual([2]);
    d.calls[2]!.answer();
    await flush();
    expect([one.value, two.value]).toEqual(["ok:1", "ok:2"]);
    expect(c2.tasks).toHaveLength(0);
  });

  it("pages have their own queues", async () => {
    const d = new FakeDo();
    const b = make(d, new FakeClock());
    void b.submit("a", 1, ctx());
    void b.submit("b", 2, ctx());
    await flush();
    expect(d.calls.map((c) => [c.key, c.inputs])).toEqual([["a", [1]], ["b", [2]]]);
  });

  it("past the bound a click is refused at once (never sent), and the ones queued are all still answered", async () => {
    const d = new FakeDo();
    const b = make(d, new FakeClock(), { maxPerCall: 2, maxWaiting: 3 });
    const inFlight = track(b.submit("p", 0, ctx()));
    await flush();
    const queued = [1, 2, 3].map((i) => track(b.submit("p", i, ctx())));
    const refused = track(b.submit("p", 4, ctx()));
    await flush();
    expect(refused.error).toBeInstanceOf(ClickRefused);
    expect((refused.error as ClickRefused).reason).toBe("full");
    for (let i = 0; i < 3; i++) {
      d.calls[i]!.answer();
      await flush();
    }
    expect([inFlight, ...queued].map((r) => r.value)).toEqual(["ok:0", "ok:1", "ok:2", "ok:3"]);
    expect(d.calls.flatMap((c) => c.inputs)).toEqual([0, 1, 2, 3]); // 4 was never sent
  });

  it("a failed call: every click of that batch gets the error, none of the next batch", async () => {
    const d = new FakeDo();
    const b = make(d, new FakeClock(), { maxPerCall: 2 });
    const a = track(b.submit("p", 0, ctx()));
    await flush();
    const batch2 = [1, 2].map((i) => track(b.submit("p", i, ctx())));
    const batch3 = [3].map((i) => track(b.submit("p", i, ctx())));
    d.calls[0]!.answer();
    await flush();
    const boom = new Error("DO reset");
    d.calls[1]!.fail(boom);
    await flush();
    expect(a.value).toBe("ok:0");
    expect(batch2.map((r) => r.error)).toEqual([boom, boom]);
    expect(batch3[0]!.done).toBe(false);
    d.calls[2]!.answer();
    await flush();
    expect(batch3[0]!.value).toBe("ok:3");
  });

  for (const wake of ["resolve", "poll"] as const) {
    it(`(${wake}) a click not sent by its deadline is refused, never sent; a sent one waits for its call whatever the clock says`, async () => {
      const clock = new FakeClock();
      const d = new FakeDo();
      const b = make(d, clock, { waitLimitMs: 1000, wake });
      const sent = track(b.submit("p", 0, ctx()));
      await flush();
      clock.advance(400);
      const unsent = [1, 2].map((i) => track(b.submit("p", i, ctx()))); // deadlines at 1400
      await flush();
      clock.advance(999);
      await flush();
      expect(unsent.every((r) => !r.done)).toBe(true);
      clock.advance(1);
      await flush();
      expect(unsent.map((r) => (r.error as ClickRefused)?.reason)).toEqual(["timeout", "timeout"]);
      expect(b.waiting("p")).toBe(0);
      clock.advance(5000);
      await flush();
      expect(sent.done).toBe(false); // sent: answered only when its call returns
      d.calls[0]!.answer();
      await flush();
      clock.advance(1); // (poll) the next look
      await flush();
      expect(sent.value).toBe("ok:0");
      expect(d.calls).toHaveLength(1); // 1 and 2 were never sent
    });
  }

  it("(poll) where wake-ups can't cross requests, batching and answers are the same", async () => {
    const clock = new FakeClock();
    const d = new FakeDo();
    const b = make(d, clock, { maxPerCall: 2, wake: "poll" });
    const look = async () => {
      clock.advance(1);
      await flush();
    };
    const all = [0, 1, 2, 3].map((i) => track(b.submit("p", i, ctx())));
    await flush();
    d.calls[0]!.answer();
    await look();
    expect(d.calls.map((c) => c.inputs)).toEqual([[0], [1, 2]]);
    expect(all.map((r) => r.value)).toEqual(["ok:0", undefined, undefined, undefined]);
    d.calls[1]!.answer();
    await look();
    expect(d.calls[2]!.inputs).toEqual([3]);
    d.calls[2]!.answer();
    await look();
    expect(all.map((r) => r.value)).toEqual(["ok:0", "ok:1", "ok:2", "ok:3"]);
  });
});
