// The numbers and lists behind our privacy promises (SPEC §1). The code that enforces each rule
// imports it from here, and /privacy and /.well-known/privacy.json are generated from it, so the
// published facts cannot drift from what the code does.

export const SESSION_TTL_DAYS = 30;
/** A page created without an account is deleted if nobody claims it within this many days. */
export const UNCLAIMED_PAGE_TTL_DAYS = 30;
export const MAGIC_LINK_TTL_MINUTES = 15;
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
