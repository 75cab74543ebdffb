// Group commit for clicks (docs/performance.md#serving-10-the-per-do-click-rate): while one call to a
// page's DO is in flight from this isolate, clicks that arrive wait and go together in the next call.
// A lone click goes at once, so nothing waits at low traffic; under a storm one DO call and one
// storage commit serve up to MAX_CLICKS_PER_CALL visitors.
//
// No polling: each waiter creates its own promise in its own request and leaves only its resolver
// here, as plain data. The request that sends a batch resolves every waiter of that batch when its
// call returns, then sends the next batch itself, from its own request (its waitUntil holds the
// chain), for at most CHAIN_LIMIT_MS; then it hands the lead to the first waiter, which sends from
// its own request. workerd runs a resolved promise's continuation in the request that created the
// promise (compatibility flag handle_cross_request_promise_resolution, on since 2024-10-14), so a
// woken visitor's code runs in its own request. Nothing here touches another request's timers or stubs.
//
// Each waiter does hold one timer, for its deadline: workerd cancels a request that awaits with
// nothing of its own pending ("code had hung and would never generate a response"), and a promise
// another request will settle does not count. It fires at most once per CLICK_WAIT_LIMIT_MS.
//
// Where that flag is off (the vitest plugin turns it off for its test runner), a continuation would
// run in the resolver's request and fail on its first I/O; there a waiter instead looks at its own
// entry on its own timer (every POLL_MS), as this module did before.
import { CLICK_WAIT_LIMIT_MS, MAX_CLICKS_PER_CALL, MAX_WAITING_CLICKS } from "../lib/click-capacity";

/** One request sends successive batches for at most this long (waitUntil has a limit after the response). */
export const CHAIN_LIMIT_MS = 5_000;
/** Only where cross-request wake-ups are off: how often a waiting click looks at its entry. */
const POLL_MS = 1;

/** Whether this runtime runs a promise's continuations in the request that created it. */
export function wakesAcrossRequests(): boolean {
  const flags = (globalThis as { Cloudflare?: { compatibilityFlags?: Record<string, boolean> } }).Cloudflare?.compatibilityFlags;
  return flags?.["handle_cross_request_promise_resolution"] === true;
}

/** The timers the batcher uses; tests inject a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Why a click was refused without being sent: the queue was full, or it waited too long. Never counted. */
export class ClickRefused extends Error {
  constructor(readonly reason: "full" | "timeout") {
    super(reason === "full" ? "too many clicks waiting for this page" : "click not sent in time");
    this.name = "ClickRefused";
  }
}

export type SendBatch<I, O> = (key: string, inputs: I[]) => Promise<O[]>;

export interface BatcherOptions {
  maxPerCall?: number;
  maxWaiting?: number;
  waitLimitMs?: number;
  clock?: Clock;
  /** "resolve": woken by the call's request (production); "poll": look on own timer. Default: what the runtime supports. */
  wake?: "resolve" | "poll";
}

type Wake<O> = { value: O } | { error: unknown } | { lead: true };

interface Waiter<I, O> {
  input: I;
  deadline: number;
  outcome?: Wake<O>;
  wake: (w: Wake<O>) => void;
}

interface Queue<I, O> {
  calling: boolean;
  waiting: Waiter<I, O>[];
}

type Ctx = { waitUntil(p: Promise<unknown>): void };

export class ClickBatcher<I, O> {
  readonly #queues = new Map<string, Queue<I, O>>();
  readonly #send: SendBatch<I, O>;
  readonly #maxPerCall: number;
  readonly #maxWaiting: number;
  readonly #waitLimitMs: number;
  readonly #clock: Clock;
  readonly #resolves: boolean;

  constructor(send: SendBatch<I, O>, opts: BatcherOptions = {}) {
    this.#send = send;
    this.#maxPerCall = opts.maxPerCall ?? MAX_CLICKS_PER_CALL;
    this.#maxWaiting = opts.maxWaiting ?? MAX_WAITING_CLICKS;
    this.#waitLimitMs = opts.waitLimitMs ?? CLICK_WAIT_LIMIT_MS;
    this.#clock = opts.clock ?? realClock;
    this.#resolves = (opts.wake ?? (wakesAcrossRequests() ? "resolve" : "poll")) === "resolve";
  }

  /** Clicks queued for `key` and not yet sent. */
  waiting(key: string): number {
    return this.#queues.get(key)?.waiting.length ?? 0;
  }

  /**
   * Send `input` to `key` in the next call and answer what the call answered for it. Rejects with
   * ClickRefused (never sent) when the queue is full or the click waited past its deadline, and with
   * the call's error when its call failed.
   */
  async submit(key: string, input: I, ctx: Ctx): Promise<O> {
    let q = this.#queues.get(key);
    if (!q) this.#queues.set(key, (q = { calling: false, waiting: [] }));
    if (q.waiting.length >= this.#maxWaiting) throw new ClickRefused("full");
    const { promise, resolve } = Promise.withResolvers<Wake<O>>();
    const me: Waiter<I, O> = { input, deadline: this.#clock.now() + this.#waitLimitMs, wake: (w) => ((me.outcome = w), resolve(w)) };
    q.waiting.push(me);
    if (!q.calling) ctx.waitUntil(this.#chain(key, q)); // our click is at the head: we send it, and what follows
    const w = this.#resolves ? await this.#woken(key, q, me, promise, ctx) : await this.#polled(key, q, me, ctx);
    if ("value" in w) return w.value;
    throw (w as { error: unknown }).error;
  }

  /** Wait to be woken by the request whose call carries our click (or handed the lead); one deadline timer. */
  async #woken(key: string, q: Queue<I, O>, me: Waiter<I, O>, promise: Promise<Wake<O>>, ctx: Ctx): Promise<Wake<O>> {
    let timer: unknown;
    const onDeadline = () => {
      if (me.outcome) return;
      const i = q.waiting.indexOf(me);
      if (i < 0) timer = this.#clock.setTimeout(onDeadline, this.#waitLimitMs); // sent: answered when its call returns
      else if (!q.calling) ctx.waitUntil(this.#chain(key, q));
      else q.waiting.splice(i, 1), me.wake({ error: new ClickRefused("timeout") }); // never sent: never counted
    };
    timer = this.#clock.setTimeout(onDeadline, this.#waitLimitMs);
    let w = await promise;
    if ("lead" in w) {
      const own = Promise.withResolvers<Wake<O>>();
      me.outcome = undefined;
      me.wake = (x) => ((me.outcome = x), own.resolve(x));
      ctx.waitUntil(this.#chain(key, q));
      w = await own.promise;
    }
    // Answered: a storm would otherwise leave CLICK_WAIT_LIMIT_MS worth of clicks' timers pending.
    this.#clock.clearTimeout(timer);
    return w;
  }

  /** Where wake-ups can't cross requests: look at our entry on our own timer. */
  async #polled(key: string, q: Queue<I, O>, me: Waiter<I, O>, ctx: Ctx): Promise<Wake<O>> {
    for (;;) {
      if (me.outcome && !("lead" in me.outcome)) return me.outcome;
      const i = q.waiting.indexOf(me);
      if (i >= 0 && !q.calling) {
        me.outcome = undefined;
        const chain = this.#chain(key, q);
        ctx.waitUntil(chain);
        await chain;
        continue;
      }
      if (i >= 0 && this.#clock.now() >= me.deadline) {
        q.waiting.splice(i, 1); // never sent: never counted
        return { error: new ClickRefused("timeout") };
      }
      await new Promise((r) => this.#clock.setTimeout(() => r(undefined), POLL_MS));
    }
  }

  /**
   * Send batches from the current request until the queue is empty or CHAIN_LIMIT_MS has passed;
   * then the first waiter left leads (where wake-ups cross requests; else it notices on its own).
   */
  async #chain(key: string, q: Queue<I, O>): Promise<void> {
    q.calling = true;
    const until = this.#clock.now() + CHAIN_LIMIT_MS;
    try {
      while (q.waiting.length > 0 && this.#clock.now() < until) {
        const batch = q.waiting.splice(0, this.#maxPerCall);
        try {
          const out = await this.#send(key, batch.map((w) => w.input));
          batch.forEach((w, i) => w.wake({ value: out[i] as O }));
        } catch (error) {
          for (const w of batch) w.wake({ error });
        }
      }
    } finally {
      const head = q.waiting[0];
      if (head && this.#resolves) head.wake({ lead: true }); // stays "calling": the head sends next
      else q.calling = false;
      if (!head && this.#queues.get(key) === q) this.#queues.delete(key);
    }
  }
}
