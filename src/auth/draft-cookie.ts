import { generateCookie } from "hono/cookie";
import { CLAIM_TOKEN_PREFIX } from "./claim-token";
import { readCookies } from "./sessions";

/**
 * The cookie that keeps a creator in the unclaimed page they started in this browser, without an
 * account (docs/onboarding.md#staying-in-your-page). It holds that page's claim token — the browser
 * is the token's holder, like a session cookie holds a session id; we still store only its hash.
 * `Path=/dashboard`: public pages (`/{slug}`), their redirects (`/{slug}/go/…`) and the API never
 * receive it (no slug can be `dashboard`). HttpOnly, Secure, SameSite=Strict: no script reads it and no
 * other site's link or form sends it. One unclaimed page per browser at a time: starting another
 * replaces it (its token was shown and can be pasted back on "continue editing").
 */
export const DRAFT_PATH = "/dashboard";

/** Over https the name takes the __Secure- prefix; plain-http development on localhost can't. */
export function draftCookieName(url: string): string {
  return new URL(url).protocol === "https:" ? "__Secure-melinks_draft" : "melinks_draft";
}

/** Set when the page was just created: the editor shows the token in full once, then clears it. */
export function freshCookieName(url: string): string {
  return new URL(url).protocol === "https:" ? "__Secure-melinks_fresh" : "melinks_fresh";
}

/** One Set-Cookie value, by hono's cookie helper: HttpOnly, Secure, SameSite=Strict, Path=/dashboard, Max-Age. */
function cookie(url: string, name: "melinks_draft" | "melinks_fresh", value: string, maxAge: number): string {
  const opts = { httpOnly: true, secure: true, sameSite: "Strict", path: DRAFT_PATH, maxAge } as const;
  return new URL(url).protocol === "https:" ? generateCookie(name, value, { ...opts, prefix: "secure" }) : generateCookie(name, value, opts);
}

export function draftCookies(url: string, token: string, maxAgeS: number, fresh: boolean): string[] {
  const out = [cookie(url, "melinks_draft", token, Math.max(0, Math.floor(maxAgeS)))];
  if (fresh) out.push(cookie(url, "melinks_fresh", "1", 600));
  return out;
}

export const clearedFreshCookie = (url: string): string => cookie(url, "melinks_fresh", "", 0);
export const clearedDraftCookies = (url: string): string[] => [cookie(url, "melinks_draft", "", 0), clearedFreshCookie(url)];

/**
 * The claim token this request carries in the draft cookie, or null. Read only for paths under
 * /dashboard (a browser sends it nowhere else; a hand-made request elsewhere gets nothing from it).
 */
export function draftToken(url: string, cookieHeader: string | undefined): string | null {
  const path = new URL(url).pathname;
  if (path !== DRAFT_PATH && !path.startsWith(DRAFT_PATH + "/")) return null;
  const values = readCookies(cookieHeader, draftCookieName(url));
  if (values.length !== 1) return null;
  const token = values[0]!;
  return token.startsWith(CLAIM_TOKEN_PREFIX) && /^[A-Za-z0-9_-]{20,100}$/.test(token.slice(CLAIM_TOKEN_PREFIX.length)) ? token : null;
}

export const hasFreshCookie = (url: string, cookieHeader: string | undefined): boolean => readCookies(cookieHeader, freshCookieName(url)).length > 0;
