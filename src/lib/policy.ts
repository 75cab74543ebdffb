// The numbers and lists behind our privacy promises (SPEC §1). The code that enforces each rule
// imports it from here, and /privacy and /.well-known/privacy.json are generated from it, so the
// published facts cannot drift from what the code does.

export const SESSION_TTL_DAYS = 30;
/** A page created without an account is deleted if nobody claims it within this many days. */
export const UNCLAIMED_PAGE_TTL_DAYS = 30;
export const MAGIC_LINK_TTL_MINUTES = 15;
/** A renamed page's old address redirects, and a deleted page's address is refused to others, this many days (docs/rename.md). */
export const RELEASED_SLUG_HOLD_DAYS = 30;
export const RELEASED_SLUG_HOLD_MS = RELEASED_SLUG_HOLD_DAYS * 86_400_000;
/** Records of sign-in links sent to an address (the per-address limit) are pruned after this many hours. */
export const SIGN_IN_SENDS_KEPT_HOURS = 1;
/** Development only (no RESEND_API_KEY): mail kept in the local outbox (KV) this many days. */
export const DEV_OUTBOX_TTL_DAYS = 1;
/** Request body cap: the largest valid page (100 links with 2048-character URLs) must still fit. */
export const MAX_BODY_BYTES = 256 * 1024;

/** What one counted click stores, per plan. Nothing else about a visitor is kept. */
export const CLICK_FIELDS = {
  free: ["link id", "time (to the hour once aggregated)"],
  pro: ["link id", "time (to the hour once aggregated)", "country (from Cloudflare's CF-IPCountry header)", "referring site's domain only"],
} as const;

export const NEVER_STORED = [
  "IP addresses",
  "user agents",
  "full referrer URLs",
  "browser fingerprints",
  "visitor cookies or identifiers",
] as const;

export const THIRD_PARTIES = [
  { name: "Cloudflare", purpose: "hosting and running MeLinks (Workers, Durable Objects, D1, KV)" },
  { name: "Resend", purpose: "delivering sign-in emails" },
] as const;

export const HASHED_SECRETS = ["claim tokens", "session ids", "API keys", "magic-link tokens"] as const;

/** How long each kind of data is kept (published in /.well-known/privacy.json and on /privacy). */
export const RETENTION = {
  clickBuffer: "raw clicks (the fields above, per plan) stay in the page's own storage only until the next flush, normally seconds later; then only hourly counts remain",
  clickAggregates: "hourly click counts are kept until the page is deleted",
  pageContent: "until the owner deletes the page or the account",
  emailSignups: "until the owner removes the subscriber, or deletes the page or the account",
  sessionsDays: SESSION_TTL_DAYS,
  magicLinksMinutes: MAGIC_LINK_TTL_MINUTES,
  signInSendRecordsHours: SIGN_IN_SENDS_KEPT_HOURS,
  unclaimedPagesDays: UNCLAIMED_PAGE_TTL_DAYS,
  /** A renamed or deleted page's address, with the page's id and its owner's account id: kept from others this long. */
  releasedAddressesDays: RELEASED_SLUG_HOLD_DAYS,
  devOutboxDays: DEV_OUTBOX_TTL_DAYS,
  abuseReports: "kept for the operator; a report holds the reason, the details typed and the time, nothing about the reporter",
} as const;
