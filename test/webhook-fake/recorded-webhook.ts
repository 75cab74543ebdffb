/** One request the fake webhook receiver got (test/webhook-fake/global-setup.ts), as GET /__requests/<bin> lists it. */
export interface RecordedWebhook {
  method: string;
  /** Path and query, e.g. /hook/abc?status=500 */
  path: string;
  /** Lower-cased header names, as Node reports them. */
  headers: Record<string, string>;
  /** The raw body, exactly as received (signatures are over these bytes). */
  body: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}
