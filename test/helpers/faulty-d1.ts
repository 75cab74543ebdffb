import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { LinkPage } from "../../src/link-page/link-page";

/**
 * How a D1 batch fails:
 * - "before": throw without calling D1 (the request never reached it);
 * - "after": let D1 commit, then throw (the reply was lost: D1 has the data, the DO never learns it).
 */
export type Fault = "before" | "after";

export class InjectedFault extends Error {
  constructor(readonly kind: Fault) {
    super(`injected D1 fault (${kind} commit)`);
    this.name = "InjectedFault";
  }
}

/** True for the error a FaultyD1 throws (compared by shape: it may cross runInDurableObject). */
export function isInjectedFault(err: unknown, kind?: Fault): boolean {
  const e = err as { name?: unknown; kind?: unknown } | null;
  return e?.name === "InjectedFault" && (kind === undefined || e.kind === kind);
}

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

/**
 * A D1Database stand-in for a DO's DB binding (the D1 of flushes and of a page's move): delegates `prepare`
 * and `batch` to the real D1, and can fail or hold the next batches, or fail single reads. They use
 * only those two methods; code that starts using another one fails loudly here instead of bypassing the faults.
 */
export class FaultyD1 {
  readonly #real: D1Database;
  readonly #steps: (Fault | "ok")[] = [];
  #always: Fault | null = null;
  #failReads = 0;
  #pause: "armed" | "holding" | "released" | null = null;
  /** Batches attempted, and batches the real D1 ran to completion (committed). */
  attempted = 0;
  committed = 0;

  constructor(real: D1Database) {
    this.#real = real;
  }

  get real(): D1Database {
    return this.#real;
  }

  /** Fail the next `n` batches the given way (after the steps already planned). */
  fail(kind: Fault, n = 1): this {
    for (let i = 0; i < n; i++) this.#steps.push(kind);
    return this;
  }

  /** Let the next `n` batches through, so a later fault hits a later pass. */
  pass(n = 1): this {
    for (let i = 0; i < n; i++) this.#steps.push("ok");
    return this;
  }

  /** Make the next `n` single-statement reads (`prepare(…).first()`) throw, as a D1 that can't be reached. */
  failReads(n = 1): this {
    this.#failReads += n;
    return this;
  }

  /** Fail every batch without a planned step, the given way. */
  failAlways(kind: Fault): this {
    this.#always = kind;
    return this;
  }

  /**
   * Hold the next batch before it reaches D1 (and before its planned step applies) until release().
   * Each side polls a flag on its own timers rather than sharing a promise: a promise settled from
   * the other context runs the awaiting code in the wrong I/O context, and workerd then refuses its
   * I/O ("Cannot perform I/O on behalf of a different Durable Object").
   */
  pauseNext(): this {
    this.#pause = "armed";
    return this;
  }

  /** A batch is being held by pauseNext(). */
  get holding(): boolean {
    return this.#pause === "holding";
  }

  /** Resolves once a batch is held. */
  async untilHolding(timeoutMs = 4000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!this.holding) {
      if (Date.now() > end) throw new Error(`no D1 batch was held within ${timeoutMs} ms`);
      await tick();
    }
  }

  /** Let a held batch go on (or cancel a pause that has not caught a batch yet). */
  release(): void {
    this.#pause = this.#pause === "holding" ? "released" : null;
  }

  prepare(query: string): D1PreparedStatement {
    const stmt = this.#real.prepare(query);
    const bind = stmt.bind.bind(stmt);
    stmt.bind = (...values: unknown[]) => this.#withReadFaults(bind(...values));
    return this.#withReadFaults(stmt);
  }

  #withReadFaults(stmt: D1PreparedStatement): D1PreparedStatement {
    const first = stmt.first.bind(stmt) as (col?: string) => Promise<unknown>;
    (stmt as { first: unknown }).first = (col?: string) => {
      if (this.#failReads === 0) return first(col);
      this.#failReads--;
      return Promise.reject(new InjectedFault("before"));
    };
    return stmt;
  }

  async batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    this.attempted++;
    if (this.#pause === "armed") {
      this.#pause = "holding";
      while (this.#pause === "holding") await tick();
      this.#pause = null;
    }
    const step = this.#steps.shift() ?? this.#always;
    if (step === "before") throw new InjectedFault("before");
    const results = await this.#real.batch<T>(statements);
    this.committed++;
    if (step === "after") throw new InjectedFault("after");
    return results;
  }
}

function stubOf(slug: string): DurableObjectStub<LinkPage> {
  return env.LINK_PAGE.getByName(slug);
}

/** A DO instance as runInDurableObject hands it over: `env` (protected in TypeScript) is a field of each instance. */
type Instance = { env: Cloudflare.Env };

/**
 * Give one DO instance a FaultyD1 as its DB binding (or return the one already in place). The
 * isolate's env object is shared by every DO and the router here, so it is left alone: the instance
 * gets an env of its own whose DB is the FaultyD1, every other binding inherited from the real env.
 * The DOs read `this.env.DB` where they use D1 (flushes, a page's move), so exactly those calls of
 * this instance meet the faults. Test and DO share one isolate, so the object returned is the one
 * the DO calls. Eviction builds a fresh instance with the real env: install again afterwards.
 */
export function faultyD1Of(instance: object): FaultyD1 {
  const self = instance as Instance;
  const current = self.env.DB as unknown;
  if (current instanceof FaultyD1) return current;
  const faulty = new FaultyD1(self.env.DB);
  self.env = Object.create(self.env, { DB: { value: faulty, enumerable: true } }) as Cloudflare.Env;
  return faulty;
}

/** The instance's D1 as the DO itself sees it. */
export function d1Of(instance: object): D1Database {
  return (instance as Instance).env.DB;
}

/** Swap the page DO's D1 for a FaultyD1 (see faultyD1Of). */
export function installFaultyD1(slug: string): Promise<FaultyD1> {
  return runInDurableObject(stubOf(slug), (instance: LinkPage) => faultyD1Of(instance));
}

/** Put the DO's real D1 back (no-op when none was swapped). */
export function restoreRealD1(slug: string): Promise<void> {
  return runInDurableObject(stubOf(slug), (instance: LinkPage) => {
    const self = instance as unknown as Instance;
    if ((self.env.DB as unknown) instanceof FaultyD1) self.env = Object.getPrototypeOf(self.env) as Cloudflare.Env;
  });
}
