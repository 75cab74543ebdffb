// Every rate limit, one row per action, used by every door that performs the action (the JSON API
// and the dashboard's HTML forms alike). The counting is Cloudflare's rate-limit bindings: their
// numbers are configured in wrangler.toml [[ratelimits]] and must equal the rows here (the messages,
// Retry-After and docs/limits.md are made from these; test/e2e/limits-config.test.ts checks that they
// agree). lib/consume-limit.ts counts. See docs/limits.md for the whole policy.
import { AppError } from "./errors";

export interface Limit {
  /** The wrangler.toml binding that counts it. */
  binding: "AUTH_LIMITER" | "PAGE_CREATE_LIMITER" | "API_WRITE_LIMITER" | "WEBHOOK_TEST_LIMITER" | "REPORT_LIMITER";
  limit: number;
  periodS: 10 | 60;
  /** Who is counted: "caller" = the account when signed in (session or API key), else the client. */
  per: "caller" | "client";
  /** The end of "Too many …", in words. */
  what: string;
}

export const LIMITS = {
  /** Sign-in link requests per client (a hash of its address, never stored), from the API or /login. */
  "sign-in": { binding: "AUTH_LIMITER", limit: 10, periodS: 60, per: "client", what: "sign-in requests from here" },
  /** New pages (API POST /pages, the dashboard's create form); only well-formed requests count. */
  "create-page": { binding: "PAGE_CREATE_LIMITER", limit: 60, periodS: 60, per: "caller", what: "new pages" },
  /** Any change (API writes, every dashboard form post): edits, claims, keys, webhooks, deletes. */
  write: { binding: "API_WRITE_LIMITER", limit: 300, periodS: 60, per: "caller", what: "changes in a short time" },
  /** Webhook test events: each is one request we send to someone else's server. */
  "webhook-test": { binding: "WEBHOOK_TEST_LIMITER", limit: 10, periodS: 60, per: "caller", what: "webhook test events" },
  /** Abuse reports per client. */
  report: { binding: "REPORT_LIMITER", limit: 10, periodS: 60, per: "client", what: "reports from here" },
} as const satisfies Record<string, Limit>;

export type LimitedAction = keyof typeof LIMITS;

/**
 * Sign-in mails per address: not a count that locks the person out, but a cooldown while their inbox
 * already holds a working link (auth/magic-links.ts issueMagicLink, docs/limits.md#sign-in).
 */
export const SIGN_IN_MAIL = {
  /** A working link younger than this serves instead of a new mail. */
  resendAfterMinutes: 5,
  /** Mails in the last hour after which a new one goes out only once the last link is used or expired. */
  quickPerHour: 3,
} as const;

/** The thrown form of a used-up limit: problem+json 429 from the API, a page in words from a form. */
export function rateLimited(action: LimitedAction): AppError {
  const l: Limit = LIMITS[action];
  return new AppError("rate_limited", `Too many ${l.what}. Try again in ${l.periodS === 60 ? "a minute" : `${l.periodS} seconds`}.`, {
    headers: { "retry-after": String(l.periodS) },
  });
}
