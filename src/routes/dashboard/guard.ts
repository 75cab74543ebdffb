import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { PageIndexRow } from "../../db/pages";
import type { AppEnv } from "../../env";
import { dashboardCsp } from "../../lib/csp";
import { claimTokenMatches } from "../../auth/claim-token";
import { draftToken } from "../../auth/draft-cookie";
import { checkPageAccess, getActor } from "../../middleware/auth";

/**
 * Dashboard pages are for a signed-in browser (session cookie). Anyone else is sent to /login with
 * `next` set, so they land back where they were going. Responses are private: never cached.
 */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const actor = await getActor(c);
  if (actor.kind !== "user" || actor.via !== "session") return toLogin(c);
  c.set("user", actor.user);
  await next();
  c.res.headers.set("cache-control", "no-store");
});

/**
 * The page's own screens (editor, preview, share, analytics) are also open to the creator of an
 * unclaimed page, through the draft cookie (docs/onboarding.md#staying-in-your-page). Which page that
 * is, ownedPage decides; account screens keep requireSession.
 */
export const requireEditor = createMiddleware<AppEnv>(async (c, next) => {
  const actor = await getActor(c);
  if (actor.kind === "user" && actor.via === "session") c.set("user", actor.user);
  else if (actor.kind !== "claim" || actor.via !== "cookie") return toLogin(c);
  await next();
  c.res.headers.set("cache-control", "no-store");
});

function toLogin(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  // After a signed-out form POST, come back to the page that holds the form, not the POST target.
  const next = c.req.method === "GET" ? url.pathname + url.search : "/dashboard";
  return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}

/** Who the dashboard shows in its top bar: the signed-in email, or null for a creator without an account. */
export const dashEmail = (c: Context<AppEnv>): string | null => c.get("user")?.email ?? null;

/**
 * The page with this slug if the caller may edit it here, or null (unknown and someone else's look the
 * same). The rule is the API's (middleware/auth.ts `checkPageAccess`): the signed-in owner's page, or —
 * without a session — the unclaimed page whose claim token the draft cookie holds.
 */
export async function ownedPage(c: Context<AppEnv>, rawSlug: string | undefined): Promise<PageIndexRow | null> {
  const access = await checkPageAccess(c, rawSlug ?? "");
  return access.ok ? access.row : null;
}

/** The unclaimed page this browser's draft cookie holds the token of, if it is `row`. */
export async function draftHolds(c: Context<AppEnv>, row: PageIndexRow): Promise<string | null> {
  const token = draftToken(c.req.url, c.req.header("cookie"));
  return token && row.owner_id === null && (await claimTokenMatches(token, row.claim_token_hash)) ? token : null;
}


export type DashStatus = 200 | 400 | 403 | 404 | 409 | 412 | 503;

export async function sendDashboard(c: Context<AppEnv>, page: JSX.Element, status: DashStatus = 200): Promise<Response> {
  const html = "<!doctype html>" + (await page.toString());
  return c.html(html, status, { "content-security-policy": await dashboardCsp(), "cache-control": "no-store" });
}
