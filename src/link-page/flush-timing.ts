// When the next flush of the click buffer is due (the flush's steps: flush-runner.ts).

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
