import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { LinkPage } from "../../src/link-page/link-page";

/**
 * How the next D1 batch fails:
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

/**
 * A D1Database stand-in for LinkPage.d1: delegates `prepare` and `batch` to the real D1 and can fail
 * or pause the next batches. Flushes only use those two methods; anything else throws, so a new
 * dependency of the flush shows up here instead of silently bypassing the faults.
 */
export class FaultyD1 {
  readonly #real: D1Database;
  readonly #faults: Fault[] = [];
  #pause: { entered: () => void; released: Promise<void> } | null = null;
  /** Batches that reached the real D1 (committed), and all batches attempted. */
  committed = 0;
  attempted = 0;

  constructor(real: D1Database) {
    this.#real = real;
  }

  /** The D1 this wraps. */
  get real(): D1Database {
    return this.#real;
  }

  /** Fail the next `n` batches in the given way (queued after faults already planned). */
  fail(kind: Fault, n = 1): this {
    for (let i = 0; i < n; i++) this.#faults.push(kind);
    return this;
  }

  /** Faults planned but not yet used. */
  get pending(): number {
    return this.#faults.length;
  }

  /**
   * Hold the next batch before it reaches D1. `entered` resolves once a flush is waiting on it;
   * `release()` lets it go on to the real D1.
   */
  pauseNext(): { entered: Promise<void>; release: () => void } {
    let entered!: () => void;
    let release!: () => void;
    const enteredP = new Promise<void>((r) => (entered = r));
    const released = new Promise<void>((r) => (release = r));
    this.#pause = { entered, released };
    return { entered: enteredP, release };
  }

  prepare(query: string): D1PreparedStatement {
    return this.#real.prepare(query);
  }

  async batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    this.attempted++;
    const pause = this.#pause;
    if (pause) {
      this.#pause = null;
      pause.entered();
      await pause.released;
    }
    const fault = this.#faults.shift();
    if (fault === "before") throw new InjectedFault("before");
    const results = await this.#real.batch<T>(statements);
    this.committed++;
    if (fault === "after") throw new InjectedFault("after");
    return results;
  }
}

function stubOf(slug: string): DurableObjectStub<LinkPage> {
  return env.LINK_PAGE.getByName(slug) as DurableObjectStub<LinkPage>;
}

/**
 * Swap the page DO's D1 for a FaultyD1 around the DO's own real binding. The test and the DO share
 * one isolate, so the returned object is the very one the DO calls. An eviction builds a new
 * instance with the real D1: install again afterwards.
 */
export function installFaultyD1(slug: string): Promise<FaultyD1> {
  return runInDurableObject(stubOf(slug), (instance: LinkPage) => {
    const current = instance.d1;
    const faulty = current instanceof FaultyD1 ? current : new FaultyD1(current);
    instance.d1 = faulty as unknown as D1Database;
    return faulty;
  });
}

/** Put the DO's real D1 back (a no-op when no FaultyD1 is installed). */
export function restoreRealD1(slug: string): Promise<void> {
  return runInDurableObject(stubOf(slug), (instance: LinkPage) => {
    const current = instance.d1 as unknown;
    if (current instanceof FaultyD1) instance.d1 = current.real;
  });
}
