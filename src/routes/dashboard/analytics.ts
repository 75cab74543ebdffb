import { CLOSED_CSP } from "../../lib/csp";
import { Hono, type Context } from "hono";
import { analyticsCsv, csvResponse } from "../../analytics/csv";
import { hourRange } from "../../analytics/hour-range";
import { pageAnalytics } from "../../analytics/page-analytics";
import type { AppEnv } from "../../env";
import { linkPageStub } from "../../link-page/stub";
import { AnalyticsBody, AnalyticsPage } from "../../views/dashboard/analytics";
import { DashNotFound } from "../../views/dashboard/shell";
import { dashEmail, ownedPage, sendDashboard } from "./guard";
import { parseRange, rangeQuery } from "./range";

async function load(c: Context<AppEnv>) {
  const row = await ownedPage(c, c.req.param("slug"));
  const res = row && (await linkPageStub(c.env, row.slug).get());
  if (!row || !res) return null;
  const range = parseRange(c.req.query(), Date.now());
  const report = await pageAnalytics(c.env, { slug: row.slug, row }, hourRange(range));
  return { row, page: res.page, range, report };
}

/** Analytics over a range, its CSV download, and the fragment the page's script re-fetches when live clicks arrive. */
export const analyticsRoutes = new Hono<AppEnv>()
  .get("/pages/:slug/analytics.csv", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    if (!row) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    return csvResponse(await analyticsCsv(c.env, row, hourRange(parseRange(c.req.query(), Date.now()))), row.slug);
  })
  .get("/pages/:slug/analytics", async (c) => {
    const data = await load(c);
    if (!data) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    const { page, range, report } = data;
    return sendDashboard(
      c,
      AnalyticsPage({ email: dashEmail(c), slug: page.slug, displayName: page.displayName, plan: page.plan, range, query: rangeQuery(range), report }),
    );
  })
  .get("/pages/:slug/analytics/fragment", async (c) => {
    const data = await load(c);
    if (!data) return c.body(null, 404);
    const html = await AnalyticsBody({ report: data.report, range: data.range, plan: data.page.plan }).toString();
    return c.html(html, 200, { "content-security-policy": CLOSED_CSP });
  });
