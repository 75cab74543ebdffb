import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { PageIndexRow } from "../../db/pages";
import type { AppEnv } from "../../env";
import { linkPageStub } from "../../link-page/stub";
import { publicOrigin } from "../../lib/origin";
import type { Page } from "../../schemas/page";
import { ProPage, type ProProps } from "../../views/dashboard/pro";
import { DashNotFound } from "../../views/dashboard/shell";
import { currentUser } from "../../middleware/auth";
import { ownedPage, sendDashboard, type DashStatus } from "./guard";
import { pageWebhooks, subscriberPage } from "./pro-data";

export type ProExtra = Partial<Pick<ProProps, "flash" | "signupForm" | "webhookForm" | "newWebhook" | "tested">>;

/**
 * Route middleware for every /dashboard/pages/{slug}/pro screen: the signed-in owner's page, index row
 * and content (`proOwned`), or the dashboard's 404 — unknown and someone else's look the same.
 */
export const proPage = createMiddleware<AppEnv>(async (c, next) => {
  const row = await ownedPage(c, c.req.param("slug"));
  const res = row && (await linkPageStub(c.env, row.slug).get());
  if (!row || !res) return proNotFound(c);
  c.set("pageRow", row);
  c.set("pageContent", res.page);
  await next();
});

export const proNotFound = (c: Context<AppEnv>) => sendDashboard(c, DashNotFound({ email: currentUser(c).email }), 404);

/** The page proPage found. */
export const proOwned = (c: Context<AppEnv>): { row: PageIndexRow; page: Page } => ({ row: c.get("pageRow"), page: c.get("pageContent")! });

/** Render /dashboard/pages/{slug}/pro with fresh subscribers and webhooks, plus whatever the action adds. */
export async function renderPro(c: Context<AppEnv>, row: PageIndexRow, page: Page, extra: ProExtra = {}, status: DashStatus = 200) {
  const subscriberQuery = { before: c.req.query("before"), after: c.req.query("after") };
  const [subscribers, webhooks] = await Promise.all([
    subscriberPage(c.env.DB, row.id, subscriberQuery),
    pageWebhooks(c.env.DB, row.id),
  ]);
  const props: ProProps = {
    email: currentUser(c).email,
    origin: publicOrigin(c),
    slug: row.slug,
    displayName: page.displayName,
    plan: page.plan,
    signup: page.emailSignup,
    subscribers,
    subscriberQuery,
    webhooks,
    localWebhooks: c.env.ENVIRONMENT === "development",
    ...extra,
  };
  return sendDashboard(c, ProPage(props), status);
}
