// The numbers and lists behind our privacy promises (docs/contract.md#privacy-promises). The code that enforces each rule
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
/**
 * Email signups with confirmation on (the default): an address is pending until its owner confirms it
 * from our mail; a pending address (and the link in its mail) is deleted this many days after signup.
 */
export const UNCONFIRMED_SIGNUP_TTL_DAYS = 7;
/** At most one confirmation mail per address and page this often, and this many per pending signup. */
export const CONFIRM_MAIL_INTERVAL_MINUTES = 60;
export const CONFIRM_MAILS_PER_SIGNUP = 3;
/** Development only (no RESEND_API_KEY): mail kept in the local outbox (KV) this many days. */
export const DEV_OUTBOX_TTL_DAYS = 1;
/** Request body cap: the largest valid page (100 links with 2048-character URLs) must still fit. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Every HTML form but the editor's (sign-in, verify, report, signup, dashboard settings): small. */
export const MAX_FORM_BYTES = 16 * 1024;
/** The editor's no-JS save: 100 links with 2048-character URLs, percent-encoded (up to 3 bytes a character). */
export const MAX_EDITOR_FORM_BYTES = 1024 * 1024;

/** Imports (POST /imports, the dashboard's import screen): a saved Linktree page's HTML is large. */
export const MAX_IMPORT_BYTES = 1024 * 1024;
/** Idempotency-Key (docs/storage.md#idempotency_keys-0013): answers kept this long, keys at most this long. */
export const IDEMPOTENCY_TTL_HOURS = 24;
export const IDEMPOTENCY_KEY_MAX_CHARS = 255;
/** A request still "in progress" after this long is taken to have died; the key may be used again. */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

/** What one counted click stores, per plan. Nothing else about a visitor is kept. */
export const CLICK_FIELDS = {
  free: ["link id", "time (to the hour once aggregated)"],
  pro: ["link id", "time (to the hour once aggregated)", "country (from Cloudflare's CF-IPCountry header)", "referring site's domain only"],
} as const;

/**
 * What one counted page view stores: a plain counter per page and hour, nothing about the visitor
 * (no unique-visitor estimate, no hash of an address or user agent).
 */
export const VIEW_FIELDS = ["page", "hour of the view (one counter per page and hour)"] as const;

/** Which requests count as a page view (docs/analytics.md#views). */
export const VIEW_COUNTING = "a GET of a page answered with the page; not HEAD, not prefetches or prerenders, not known bots or link-preview fetchers";

export const NEVER_STORED = [
  "IP addresses",
  "user agents",
  "full referrer URLs",
  "browser fingerprints",
  "visitor cookies or identifiers",
] as const;

export const THIRD_PARTIES = [
  { name: "Cloudflare", purpose: "hosting and running MeLinks (Workers, Durable Objects, D1, KV, R2)" },
  { name: "Resend", purpose: "delivering sign-in emails and signup-confirmation emails" },
] as const;

export const HASHED_SECRETS = ["claim tokens", "session ids", "API keys", "magic-link tokens", "signup confirmation and removal tokens"] as const;

/**
 * Profile photos (docs/storage.md#r2-photos). An upload is decoded and re-encoded as a fresh JPEG
 * (no metadata survives), at most AVATAR_MAX_SIDE pixels a side. The pixel cap bounds the memory a
 * decode needs (4 bytes a pixel) in a Worker's 128 MB.
 */
export const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const AVATAR_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const AVATAR_MAX_SIDE = 512;
export const AVATAR_MAX_SOURCE_PIXELS = 4096 * 4096;
export const AVATAR_JPEG_QUALITY = 85;
/** Media addresses change with their content (photo hash, page version), so they can be cached for good. */
export const MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** How long each kind of data is kept (published in /.well-known/privacy.json and on /privacy). */
export const RETENTION = {
  clickBuffer: "raw clicks (the fields above, per plan) stay in the page's own storage only until the next flush, normally seconds later; then only hourly counts remain",
  clickAggregates: "hourly click counts are kept until the page is deleted",
  viewBuffer: "page views are counted in the server's memory for about a second, then kept with the page's raw clicks until the next flush; nothing about the visitor is ever part of them",
  viewAggregates: "hourly page-view counts are kept until the page is deleted",
  pageContent: "until the owner deletes the page or the account",
  profilePhotos: `re-encoded on upload (no EXIF, GPS, XMP, camera or software fields, no comments), at most ${AVATAR_MAX_SIDE} × ${AVATAR_MAX_SIDE}; replaced or removed by the owner, deleted with the page or the account`,
  emailSignups: "until the subscriber removes themselves, the owner removes them, or the owner deletes the page or the account",
  unconfirmedSignupsDays: UNCONFIRMED_SIGNUP_TTL_DAYS,
  sessionsDays: SESSION_TTL_DAYS,
  magicLinksMinutes: MAGIC_LINK_TTL_MINUTES,
  signInSendRecordsHours: SIGN_IN_SENDS_KEPT_HOURS,
  unclaimedPagesDays: UNCLAIMED_PAGE_TTL_DAYS,
  /** A renamed or deleted page's address, with the page's id and its owner's account id: kept from others this long. */
  releasedAddressesDays: RELEASED_SLUG_HOLD_DAYS,
  devOutboxDays: DEV_OUTBOX_TTL_DAYS,
  abuseReports: "kept for the operator; a report holds the reason, the details typed and the time, nothing about the reporter",
} as const;
