import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { JSX } from "hono/jsx/jsx-runtime";
import { findPageBySlug, type PageIndexRow } from "../../db/pages";
import type { UserRow } from "../../db/users";
import type { AppEnv } from "../../env";
import { siteCsp } from "../../lib/html";
import { getActor } from "../../middleware/auth";
import { isValidSlug } from "../../schemas/slug";

/**
 * Dashboard pages are for a signed-in browser (session cookie). Anyone else is sent to /login with
 * `next` set, so they land back where they were going. Responses are private: never cached.
 */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const actor = await getActor(c);
  if (actor.kind !== "user" || actor.via !== "session") {
    const url = new URL(c.req.url);
    // After a signed-out form POST, come back to the page that holds the form, not the POST target.
    const next = c.req.method === "GET" ? url.pathname + url.search : "/dashboard";
    return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
  }
  c.set("user", actor.user);
  await next();
  c.res.headers.set("cache-control", "no-store");
});

export const dashUser = (c: Context<AppEnv>): UserRow => c.get("user")!;

/** The signed-in user's page with this slug, or null (unknown and someone else's look the same). */
export async function ownedPage(c: Context<AppEnv>, rawSlug: string | undefined): Promise<PageIndexRow | null> {
  const slug = (rawSlug ?? "").toLowerCase();
  if (!isValidSlug(slug)) return null;
  const row = await findPageBySlug(c.env.DB, slug);
  return row && row.owner_id === dashUser(c).id ? row : null;
}

/** Our site CSP, plus frames from our own origin (the editor's live preview). */
export async function dashboardCsp(): Promise<string> {
  return (await siteCsp()) + "; frame-src 'self'";
}

export type DashStatus = 200 | 400 | 403 | 404 | 409 | 412 | 503;

export async function sendDashboard(c: Context<AppEnv>, page: JSX.Element, status: DashStatus = 200): Promise<Response> {
  const html = "<!doctype html>" + (await page.toString());
  return c.html(html, status, { "content-security-policy": await dashboardCsp(), "cache-control": "no-store" });
}
