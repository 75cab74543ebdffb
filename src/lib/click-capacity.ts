// How many clicks one page takes, and where the excess goes (docs/performance.md#serving-10-the-per-do-click-rate).
// Every number that bounds the click path lives here.

/** Clicks per DO call: bounds one call's payload and the DO's work per turn. */
export const MAX_CLICKS_PER_CALL = 100;
/**
 * Clicks one isolate holds waiting for one page (or one shard of it) beyond the call in flight. Past
 * this a visitor gets a fast 503 with Retry-After: their click was never sent, so never counted.
 */
export const MAX_WAITING_CLICKS = 1_000;
/** A click not yet sent after this long gives up with the same 503 (a call that hangs strands nobody). */
export const CLICK_WAIT_LIMIT_MS = 10_000;
/** What the 503 asks a visitor to wait before trying again. */
export const BUSY_RETRY_AFTER_S = 2;

/**
 * A page's DO turns click shards on when it counts this many clicks (its own and its shards') within
 * one SHARD_WINDOW_MS window — about what one DO takes in writes with group commit — and off after
 * SHARD_QUIET_WINDOWS windows in a row under SHARD_OFF_CLICKS (docs/performance.md#click-shards-built).
 */
export const SHARD_ON_CLICKS = 1_000;
export const SHARD_OFF_CLICKS = 100;
export const SHARD_WINDOW_MS = 1_000;
export const SHARD_QUIET_WINDOWS = 3;
/** Shards per hot page: DOs named `<slug>#0` … `<slug>#7`. */
export const SHARD_COUNT = 8;
/** How long one router isolate sends a hot page's clicks to one shard before turning to the next. */
export const SHARD_TURN_MS = 100;
