import type { Context } from "hono";
import type { PageIndexRow } from "../../db/pages";
import { linkPageStub, type AppEnv } from "../../env";
import { publicOrigin } from "../../lib/origin";
import type { Page } from "../../schemas/page";
import { ProPage, type ProProps } from "../../views/dashboard/pro";
import { DashNotFound } from "../../views/dashboard/shell";
import { dashUser, ownedPage, sendDashboard, type DashStatus } from "./guard";
import { pageWebhooks, subscriberPage } from "./pro-data";

export type ProExtra = Partial<Pick<ProProps, "flash" | "signupForm" | "webhookForm" | "newWebhook" | "tested">>;

/** The signed-in user's page (index row + content), or null: unknown and someone else's look the same. */
export async function ownedPageWithContent(c: Context<AppEnv>): Promise<{ row: PageIndexRow; page: Page } | null> {
  const row = await ownedPage(c, c.req.param("slug"));
  const res = row && (await linkPageStub(c.env, row.slug).get());
  return row && res ? { row, page: res.page } : null;
}

export const proNotFound = (c: Context<AppEnv>) => sendDashboard(c, DashNotFound({ email: dashUser(c).email }), 404);

/** Render /dashboard/pages/{slug}/pro with fresh subscribers and webhooks, plus whatever the action adds. */
export async function renderPro(c: Context<AppEnv>, row: PageIndexRow, page: Page, extra: ProExtra = {}, status: DashStatus = 200) {
  const subscriberQuery = { before: c.req.query("before"), after: c.req.query("after") };
  const [subscribers, webhooks] = await Promise.all([
    subscriberPage(c.env.DB, row.id, subscriberQuery),
    pageWebhooks(c.env.DB, row.id),
  ]);
  const props: ProProps = {
    email: dashUser(c).email,
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
