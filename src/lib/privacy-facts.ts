import { CONFIRM_MAIL_INTERVAL_MINUTES, CONFIRM_MAILS_PER_SIGNUP, UNCONFIRMED_SIGNUP_TTL_DAYS, RETENTION, UNCLAIMED_PAGE_TTL_DAYS, CLICK_FIELDS, HASHED_SECRETS, MAGIC_LINK_TTL_MINUTES, NEVER_STORED, SESSION_TTL_DAYS, THIRD_PARTIES } from "./policy";

/** Machine-readable privacy facts, served at /.well-known/privacy.json and rendered at /privacy. */
export const PRIVACY_FACTS = {
  service: "MeLinks",
  visitors: {
    cookies: [] as string[],
    thirdPartyRequests: [] as string[],
    javascriptOnPublicPages: false,
    clickAnalytics: { free: CLICK_FIELDS.free, pro: CLICK_FIELDS.pro },
    neverStored: NEVER_STORED,
    botsCounted: false,
  },
  owners: {
    email: "used only for sign-in links and service-critical notices; never marketing",
    sessionCookie: { attributes: ["HttpOnly", "Secure", "SameSite=Lax"], lifetimeDays: SESSION_TTL_DAYS },
    magicLinks: { expireAfterMinutes: MAGIC_LINK_TTL_MINUTES, singleUse: true },
    secretsStoredOnlyAsSha256: HASHED_SECRETS,
    // Signing needs the key itself (HMAC), so it is kept readable; shown once, never listed (docs/storage.md).
    secretsStoredReadable: ["webhook signing secrets (needed to sign each delivery)"],
    canDeletePages: true,
    unclaimedPagesDeletedAfterDays: UNCLAIMED_PAGE_TTL_DAYS,
    canDeleteAccount: true,
    canExportPageData: true,
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
  thirdParties: THIRD_PARTIES,
  retention: RETENTION,
} as const;
