import { z } from "@hono/zod-openapi";

// Which addresses nobody may take, and why: see docs/text-rules.md#reserved-addresses.

/**
 * First path segments the Worker routes itself (test/unit/slug.test.ts walks `app.routes` and the
 * static files, so a new route that is not listed here fails a test), and the host's reserved paths.
 * A page can never be reached at these: they are refused when naming a page and when looking one up.
 */
export const ROUTE_SLUGS: ReadonlySet<string> = new Set([
  "api", "auth", "dashboard", "dev", "docs", "report", "login", "privacy", "healthz", "favicon.ico",
  "robots.txt", "assets", "well-known", "problems", "mcp", "media", "static", "logout", "signup", "settings",
  "cdn-cgi", // Cloudflare answers /cdn-cgi/… itself
]);

/** Sign-in look-alikes and names that would let a page pass for us (compared after `lookalike()`). */
const IMPERSONATING = [
  "signin", "signup", "signout", "login", "logon", "logout", "register", "auth", "authn", "authz", "authorize",
  "authorise", "authorization", "authorisation", "authenticate", "authentication", "oauth", "oauth2", "openid",
  "sso", "saml", "mfa", "2fa", "otp", "verify", "verification", "confirm", "account", "accounts", "myaccount",
  "password", "passwords", "resetpassword", "forgotpassword", "reset", "recover", "recovery", "session",
  "sessions", "token", "tokens", "apikeys", "billing", "payment", "payments", "checkout", "invoice", "invoices",
  "subscription", "support", "help", "helpdesk", "security", "abuse", "admin", "administrator", "root",
  "staff", "official", "moderator", "webmaster", "postmaster", "hostmaster", "noreply", "settings", "terms",
  "tos", "legal", "status", "www", "app", "home", "about", "blog", "new", "pricing", "upgrade",
];

/**
 * Sign-in, account, verification and support words refused wherever they stand as a word of the slug
 * (`paypal-login`, `signin-verify`, `my-account`, `support-team`), or run together with each other or
 * with a FILLER inside one word (`secureloginpage`, `verifyaccount`). Only whole words: `accountant`,
 * `supporter`, `author` and `signing` stay free. Everyday words from IMPERSONATING (`help`, `reset`,
 * `session`, `official`, `mfa` — a degree) are refused only as the whole slug.
 */
const SIGN_IN_WORDS = [
  "signin", "signon", "signout", "login", "logon", "logout", "oauth", "oauth2", "openid", "sso", "saml", "2fa", "otp",
  "auth", "authn", "authz", "authorize", "authorise", "authorization", "authorisation", "authenticate", "authentication",
  "verify", "verification", "account", "accounts", "myaccount", "password", "passwords", "passcode", "apikeys",
  "support", "helpdesk", "billing", "admin", "administrator", "moderator", "webmaster", "postmaster", "hostmaster", "noreply",
];

/** Words that pad a phishing address when run together with a SIGN_IN_WORD (never refused on their own). */
const FILLERS = [
  "my", "your", "the", "page", "now", "here", "center", "centre", "team", "desk", "portal", "secure", "online", "service",
  "services", "update", "info", "help", "reset", "forgot", "recover", "recovery", "confirm", "check", "new", "official",
  "id", "code", "link", "access", "user", "required", "request", "security", "alert", "form", "app", "web", "live",
];

const PRODUCT = "melinks";

/**
 * A slug's look-alike skeleton: separators dropped, digits read as the letters they resemble,
 * `rn`→`m`, `vv`→`w`, `cl`→`d`, and `l`/`1` read as `i` (so `me1inks`, `meiinks` and `melinks`
 * meet). Only ever compared, never stored or shown.
 */
export function lookalike(slug: string): string {
  return slug
    .toLowerCase()
    .replace(/[-_.]/g, "")
    .replace(/rn/g, "m")
    .replace(/vv/g, "w")
    .replace(/cl/g, "d")
    .replace(/[01345679l8]/g, (ch) => ({ "0": "o", "1": "i", l: "i", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g" })[ch]!);
}

const IMPERSONATING_SKELETONS: ReadonlySet<string> = new Set(IMPERSONATING.map(lookalike));
const PRODUCT_SKELETON = lookalike(PRODUCT);

/**
 * Does a run of the slug's words start with our name, in any spelling (`melinks`, `me-links`,
 * `m3links-help`, `official_melinks`)? Words, not substrings: `homelinks` or `animelinks` merely
 * contain the letters and stay free (docs/text-rules.md#reserved-addresses).
 */
function namesProduct(slug: string): boolean {
  const words = slug.split(/[-_.]/).map(lookalike);
  for (let i = 0; i < words.length; i++) {
    const run = words.slice(i).join("");
    if (run.startsWith(PRODUCT_SKELETON) || run === lookalike("melink")) return true;
  }
  return false;
}

const SIGN_IN_SKELETONS: ReadonlySet<string> = new Set(SIGN_IN_WORDS.map(lookalike));
const FILLER_SKELETONS: ReadonlySet<string> = new Set(FILLERS.map(lookalike));
const LONGEST_PART = Math.max(...[...SIGN_IN_SKELETONS, ...FILLER_SKELETONS].map((w) => w.length));

/** Can `s` be cut into SIGN_IN_WORDS and FILLERS, with at least one SIGN_IN_WORD? (word break, s ≤ 32 chars) */
function signInCompound(s: string): boolean {
  // reach[i]: 0 = s[0..i) can't be cut; 1 = cut into fillers only; 2 = cut with a sign-in word among them.
  const reach = new Uint8Array(s.length + 1);
  reach[0] = 1;
  for (let i = 0; i < s.length; i++) {
    if (!reach[i]) continue;
    for (let j = i + 1; j <= Math.min(s.length, i + LONGEST_PART); j++) {
      const part = s.slice(i, j);
      const got = SIGN_IN_SKELETONS.has(part) ? 2 : FILLER_SKELETONS.has(part) ? reach[i]! : 0;
      if (got > reach[j]!) reach[j] = got;
    }
  }
  return reach[s.length] === 2;
}

/**
 * Does a run of the slug's words read as a sign-in or account page? Every run of consecutive words
 * (so `sign-in`, `log_in` and `no-reply` meet their one-word spellings) is tried as a whole.
 */
function looksLikeSignIn(slug: string): boolean {
  const words = slug.split(/[-_.]/);
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j <= words.length; j++) if (signInCompound(lookalike(words.slice(i, j).join("")))) return true;
  }
  return false;
}

export type ReservedReason = "route" | "sign_in" | "product_name";

/** Why nobody may name a page `slug` (already case-folded), or null when it is free to take. */
export function reservedReason(slug: string): ReservedReason | null {
  if (ROUTE_SLUGS.has(slug)) return "route";
  const skeleton = lookalike(slug);
  if (namesProduct(slug)) return "product_name";
  if (IMPERSONATING_SKELETONS.has(skeleton) || looksLikeSignIn(slug)) return "sign_in";
  return null;
}

export const RESERVED_MESSAGES: Record<ReservedReason, string> = {
  route: "is reserved: MeLinks uses this address itself",
  sign_in: "is reserved: it could pass for a sign-in, account or support page",
  product_name: "is reserved: it could pass for MeLinks itself",
};

const SLUG_RE = /^[a-z0-9][a-z0-9_-]{2,31}$/;

/**
 * Could a page live at this already-lowercased string? Used on hot paths to skip DO wake-ups for junk.
 * Only the route names are excluded here: a page named before a look-alike was reserved stays reachable.
 */
export function isValidSlug(s: string): boolean {
  return SLUG_RE.test(s) && !ROUTE_SLUGS.has(s);
}

export const SlugSchema = z
  .string()
  .min(3, "must be at least 3 characters")
  .max(32, "must be at most 32 characters")
  .transform((s) => s.toLowerCase())
  .refine((s) => SLUG_RE.test(s), "may contain only a-z, 0-9, '-' and '_', and must start with a letter or digit")
  .superRefine((s, ctx) => {
    const reason = reservedReason(s);
    if (reason) ctx.addIssue({ code: "custom", message: `${RESERVED_MESSAGES[reason]}; please choose another` });
  })
  .openapi({ description: "3–32 of a-z 0-9 - _, starting with a letter or digit; case-folded", example: "ada" });

export const SlugParamSchema = z.object({
  slug: z.string().openapi({ param: { name: "slug", in: "path" }, example: "ada" }),
});
