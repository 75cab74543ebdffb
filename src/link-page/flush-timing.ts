// When the next flush of the click buffer is due (the flush's steps: flush-runner.ts).

/** Flush this long after the first buffered click (FLUSH_INTERVAL_SECONDS overrides)… */
export const DEFAULT_FLUSH_INTERVAL_S = 10;
/** …or at once when this many clicks wait, so a click storm never builds a huge buffer. */
export const FLUSH_SOON_ROWS = 1000;
/** Passes per alarm run (each up to MAX_ROWS_PER_PASS rows); more re-arms the alarm for now. */
export const MAX_PASSES_PER_ALARM = 10;

export function flushIntervalMs(setting: string | undefined): number {
  const s = Number(setting);
  return (Number.isFinite(s) && s > 0 ? s : DEFAULT_FLUSH_INTERVAL_S) * 1000;
}

export function flushDueAt(now: number, buffered: number, intervalMs: number): number {
  return buffered >= FLUSH_SOON_ROWS ? now : now + intervalMs;
}
