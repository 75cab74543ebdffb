// Flushing the page DO's click buffer to D1, in two files:
//   flush-runner.ts  this file: when the next flush is due (pure functions, first), arming the alarm,
//                    running passes when it fires, backing off after failures, and letting deletion
//                    or a move wait for a flush in flight;
//   flush-pass.ts    one pass: the buffered rows to one guarded D1 batch, exactly once in effect,
//                    its statements planned by a pure function there.
// A click shard (click-shard/click-shard.ts) runs the same runner with its own name, so its passes use
// its own watermark; it also arms its next alarm before D1 is asked (see #flush).
import { clicksFlushedData } from "../webhooks/clicks-flushed";
import { emitEvent, type EventPage } from "../webhooks/emit";
import { bufferedCount } from "./clicks";
import { flushPass } from "./flush-pass";

// When the next flush is due.

/** Flush this long after the first buffered click (FLUSH_INTERVAL_SECONDS overrides)… */
export const DEFAULT_FLUSH_INTERVAL_S = 10;
/** …or at once when this many clicks wait, so a click storm never builds a huge buffer. */
export const FLUSH_SOON_ROWS = 1000;
/** Passes per alarm run (each up to MAX_ROWS_PER_PASS rows); more re-arms the alarm for now. */
export const MAX_PASSES_PER_ALARM = 10;

/**
 * A buffer holding only page views waits this many flush intervals, plus up to half that again drawn
 * at random (docs/performance.md#page-views): analytics reads buffered views from the DO, so nothing
 * waits on it, and a page viewed all along costs D1 one write per this long instead of per interval,
 * while pages first viewed together (a crawl, a newsletter) flush spread out, not all at once.
 * A click arriving meanwhile brings the flush forward, and the views go with it.
 */
export const VIEWS_FLUSH_INTERVALS = 6;

export function flushIntervalMs(setting: string | undefined): number {
  const s = Number(setting);
  return (Number.isFinite(s) && s > 0 ? s : DEFAULT_FLUSH_INTERVAL_S) * 1000;
}

export function flushDueAt(now: number, buffered: number, intervalMs: number): number {
  return buffered >= FLUSH_SOON_ROWS ? now : now + intervalMs;
}

export function viewsFlushDueAt(now: number, buffered: number, intervalMs: number, random: number): number {
  return flushDueAt(now, buffered, Math.round(intervalMs * VIEWS_FLUSH_INTERVALS * (1 + random / 2)));
}

// Running it.

const MAX_BACKOFF_MS = 300_000;

/** What a flush needs of the page: whom to count for, and the titles and plan for `clicks.flushed`. */
export type FlushedPage = EventPage & { links: readonly { id: string; title: string }[] };

export class FlushRunner {
  #alarmAt: number | null | undefined; // undefined = not read from storage yet
  #buffered: number | undefined;
  #flushing: Promise<void> | null = null;
  #failed = 0; // consecutive failed flushes, for our own backoff
  readonly #storage: DurableObjectStorage;
  readonly #env: Cloudflare.Env;
  readonly #d1: () => D1Database;
  readonly #shard: string | undefined;

  /** `shard`: the click shard's name when this runner flushes a shard's buffer, not the page DO's. */
  constructor(storage: DurableObjectStorage, env: Cloudflare.Env, d1: () => D1Database, shard?: string) {
    this.#storage = storage;
    this.#env = env;
    this.#d1 = d1;
    this.#shard = shard;
  }

  #intervalMs(): number {
    return flushIntervalMs(this.#env.FLUSH_INTERVAL_SECONDS);
  }

  /** `n` clicks were buffered: make sure a flush is due (sooner when the buffer is large). */
  async clicked(now: number, n = 1): Promise<void> {
    this.#buffered = this.#buffered === undefined ? bufferedCount(this.#storage.sql) : this.#buffered + n;
    await this.#arm(flushDueAt(now, this.#buffered, this.#intervalMs()));
  }

  /** `rows` rows of page views were buffered: a flush is due, later than for a click (viewsFlushDueAt). */
  async viewed(now: number, rows: number): Promise<void> {
    this.#buffered = this.#buffered === undefined ? bufferedCount(this.#storage.sql) : this.#buffered + rows;
    await this.#arm(viewsFlushDueAt(now, this.#buffered, this.#intervalMs(), Math.random()));
  }

  /** Set the alarm for `due` unless one is already set for earlier. */
  async #arm(due: number): Promise<void> {
    if (this.#alarmAt === undefined) this.#alarmAt = await this.#storage.getAlarm();
    if (this.#alarmAt === null || due < this.#alarmAt) {
      this.#alarmAt = due;
      await this.#storage.setAlarm(due);
    }
  }

  /**
   * The alarm fired: flush. The page id comes from our own storage, not partyserver's name. On
   * failure, re-arm first (so clicks are flushed even after the platform's retries run out), then
   * throw so the platform retries too.
   */
  async alarm(page: FlushedPage, stillExists: () => boolean): Promise<void> {
    this.#alarmAt = null; // the alarm that woke us is consumed
    const run = this.#flush(page, stillExists);
    this.#flushing = run;
    try {
      await run;
    } finally {
      if (this.#flushing === run) this.#flushing = null;
    }
  }

  async #flush(page: FlushedPage, stillExists: () => boolean): Promise<void> {
    const sql = this.#storage.sql;
    // A shard arms its next alarm before D1 is asked: if the runtime kills it mid-flush, that alarm
    // runs the flush again (tested: clicks.shards.test.ts, a shard aborted mid-flush).
    if (this.#shard) await this.#arm(Date.now() + this.#intervalMs());
    try {
      for (let i = 0; i < MAX_PASSES_PER_ALARM; i++) {
        const pass = await flushPass(sql, this.#d1(), page.pageId, this.#shard);
        if (pass.counted > 0) await emitEvent(this.#env, page, "clicks.flushed", clicksFlushedData(page, pass.groups)); // never throws
        if (!pass.more) break;
      }
      this.#failed = 0;
    } catch (err) {
      console.error(`${this.#shard ? `ClickShard ${this.#shard}` : `LinkPage ${page.slug}`} (${page.pageId}): click flush failed`, err);
      // Back off whatever the buffer size: doubling from the flush interval, at most 5 minutes.
      const delay = Math.min(this.#intervalMs() * 2 ** this.#failed++, MAX_BACKOFF_MS);
      if (stillExists()) await this.#arm(Date.now() + delay);
      throw err;
    } finally {
      this.#buffered = stillExists() ? bufferedCount(sql) : 0;
    }
    if (this.#buffered > 0) await this.#arm(flushDueAt(Date.now(), this.#buffered, this.#intervalMs()));
  }

  /**
   * Wait for a flush in flight (page deletion): otherwise its D1 batch could land after the router
   * deleted the page's aggregates, or its local cleanup could touch a re-created page's buffer.
   */
  async settle(): Promise<void> {
    await this.#flushing?.catch(() => {});
  }

  /** Resolves when no flush is in flight, so the caller can go on without a flush starting before its next synchronous step. */
  async idle(): Promise<void> {
    while (this.#flushing) await this.settle();
  }

  /**
   * The buffer or the alarm changed under us (a page moved in, link-page/move.ts): read both again
   * from storage, and arm a flush if clicks wait.
   */
  async resync(now: number): Promise<void> {
    this.#alarmAt = undefined;
    this.#buffered = bufferedCount(this.#storage.sql);
    if (this.#buffered > 0) await this.#arm(flushDueAt(now, this.#buffered, this.#intervalMs()));
  }

  /** Storage was wiped: nothing buffered, no alarm. */
  reset(): void {
    this.#alarmAt = null;
    this.#buffered = 0;
  }
}
