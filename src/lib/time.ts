export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Epoch hour (UTC) containing `ms`: the unit click aggregates are stored in. */
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);

/** The canonical name of an IANA time zone (`utc` → UTC, `europe/paris` → Europe/Paris), or null if unknown. */
export function canonicalTimeZone(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
