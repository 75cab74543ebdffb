// When a page's clicks go to shards (docs/performance.md#click-shards-built): a pure meter the page DO
// feeds with every click it counts or hears about from a shard. No timers: windows close when the
// next click arrives, so a page with no clicks keeps its state until it has clicks again.
import { SHARD_COUNT, SHARD_OFF_CLICKS, SHARD_ON_CLICKS, SHARD_QUIET_WINDOWS, SHARD_WINDOW_MS } from "../lib/click-capacity";

export class ShardSwitch {
  #windowStart = 0;
  #count = 0;
  #previous = 0; // clicks in the window before this one, if it was the one just before
  #quiet = 0;
  shards: number;

  constructor(shards: number) {
    this.shards = shards;
  }

  /** `n` clicks counted at `now`; answers the shard count routers should use (0 = the page DO). */
  counted(n: number, now: number): number {
    if (now >= this.#windowStart + SHARD_WINDOW_MS) {
      const closed = Math.floor((now - this.#windowStart) / SHARD_WINDOW_MS);
      // The window that just closed, and any empty ones after it, are quiet if few clicks came.
      this.#quiet = this.#count < SHARD_OFF_CLICKS ? this.#quiet + closed : closed - 1;
      if (this.shards > 0 && this.#quiet >= SHARD_QUIET_WINDOWS) this.shards = 0;
      this.#previous = closed === 1 ? this.#count : 0;
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count += n;
    // The rate over the last SHARD_WINDOW_MS, estimated from this window and the share of the previous
    // one it still covers, so a burst that straddles two windows still counts whole.
    const elapsed = (now - this.#windowStart) / SHARD_WINDOW_MS;
    if (this.#count + this.#previous * (1 - elapsed) >= SHARD_ON_CLICKS) this.shards = SHARD_COUNT;
    return this.shards;
  }
}
