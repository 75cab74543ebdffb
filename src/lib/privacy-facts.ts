import {
  CLICK_FIELDS,
  CONFIRM_MAIL_INTERVAL_MINUTES,
  CONFIRM_MAILS_PER_SIGNUP,
  HASHED_SECRETS,
  MAGIC_LINK_TTL_MINUTES,
  NEVER_STORED,
  RETENTION,
  SESSION_TTL_DAYS,
  THIRD_PARTIES,
  UNCLAIMED_PAGE_TTL_DAYS,
  UNCONFIRMED_SIGNUP_TTL_DAYS,
  VIEW_COUNTING,
  VIEW_FIELDS,
} from "./policy";

/**
 * When a published fact below last changed. test/unit/privacy-revision.test.ts pins a digest of the
 * facts to this date: change a fact without moving the date and it fails (docs/privacy.md#last-updated).
 */
export const PRIVACY_LAST_UPDATED = "2026-12-04";

/** The age below which MeLinks is not meant to be used (COPPA's threshold). */
export const MINIMUM_AGE = 13;

/** Machine-readable privacy facts, served at /.well-known/privacy.json and rendered at /privacy. */
export const PRIVACY_FACTS = {
  service: "MeLinks",
  lastUpdated: PRIVACY_LAST_UPDATED,
  visitors: {
    cookies: [] as string[],
    thirdPartyRequests: [] as string[],
    javascriptOnPublicPages: false,
    pageViews: { stored: VIEW_FIELDS, counted: VIEW_COUNTING, uniqueVisitorEstimate: false },
    clickAnalytics: { free: CLICK_FIELDS.free, pro: CLICK_FIELDS.pro },
    referrerCarriedTo: "the page's own links only, signed so that nobody else can set it; a stale or forged value counts as direct",
    neverStored: NEVER_STORED,
    botsCounted: false,
  },
  owners: {
    email: "used only for sign-in links and service-critical notices; never marketing",
    sessionCookie: { attributes: ["HttpOnly", "Secure", "SameSite=Lax"], lifetimeDays: SESSION_TTL_DAYS },
    magicLinks: { expireAfterMinutes: MAGIC_LINK_TTL_MINUTES, singleUse: true },
    secretsStoredOnlyAsSha256: HASHED_SECRETS,
    // Signing needs the key itself (HMAC), so it is kept readable; shown once, never listed (docs/storage.md).
    secretsStoredReadable: [
      "webhook signing secrets (needed to sign each delivery)",
      "each page's referrer-signing key (kept in the page's own storage, never shown to anyone)",
    ],
    canDeletePages: true,
    unclaimedPagesDeletedAfterDays: UNCLAIMED_PAGE_TTL_DAYS,
    canDeleteAccount: true,
    canExportPageData: true,
  },
  rights: {
    access: "see everything we hold about you: your account (GET /api/v1/me, dashboard Account) and each page with its analytics and subscribers (dashboard, API)",
    export: "download all data of a page as JSON (GET /api/v1/pages/{slug}/export, dashboard Account → Export JSON) and its analytics as CSV (?format=csv, dashboard Analytics → Download CSV)",
    deletion: "delete a page (DELETE /api/v1/pages/{slug}, dashboard) or your whole account with everything in it (DELETE /api/v1/me, dashboard Account → Delete account); deletion is immediate",
    withdrawConsent:
      "sign out or delete your account at any time; a subscriber removes their address with the link in any email we sent them; anything else: write to the contact address",
  },
  emailSignups:
    "an email a visitor submits on a page (Pro) is shared with that page's owner only: in the dashboard, the API, CSV and export downloads, and webhooks the owner sets up to their own server",
  signupConfirmation: {
    doubleOptInByDefault: true,
    ownerCanSwitchOff: true,
    confirmationMail:
      "with confirmation on, the address gets one email from us asking its owner to confirm; it is used for nothing else. Until confirmed, the address is not shared with anyone",
    unconfirmedDeletedAfterDays: UNCONFIRMED_SIGNUP_TTL_DAYS,
    confirmationMailsAtMost: { perSignup: CONFIRM_MAILS_PER_SIGNUP, oneEveryMinutes: CONFIRM_MAIL_INTERVAL_MINUTES },
    oneClickRemoval: "every email we send about a signup carries a link (and RFC 8058 List-Unsubscribe headers) that removes the address at once",
    revealsWhetherAlreadySubscribed: false,
  },
  children: { minimumAge: MINIMUM_AGE, statement: `MeLinks is not directed at children under ${MINIMUM_AGE}, and we do not knowingly collect data from them` },
  changes:
    "announced on this page and in this document with a new lastUpdated date; a change that would collect more about anyone is also emailed to account owners (a service-critical notice) before it takes effect",
  thirdParties: THIRD_PARTIES,
  retention: RETENTION,
} as const;

/** The operator's address for privacy requests (the CONTACT_EMAIL var; docs/self-hosting.md). */
export function privacyContact(env: Cloudflare.Env): string {
  return env.CONTACT_EMAIL;
}

/** The published facts with the operator's contact address: /.well-known/privacy.json. */
export function privacyFacts(env: Cloudflare.Env) {
  return { ...PRIVACY_FACTS, contact: { privacyRequests: privacyContact(env) } };
}
