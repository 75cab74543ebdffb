export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Epoch hour (UTC) containing `ms`: the unit click aggregates are stored in. */
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);
