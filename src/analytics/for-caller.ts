import type { Context } from "hono";
import type { AppEnv } from "../env";
import { requirePageAccess, rowAccessOf } from "../middleware/auth";
import type { Analytics, AnalyticsQuery } from "../schemas/analytics";
import { isValidSlug } from "../schemas/slug";
import { rangeOfQuery } from "./hour-range";
import { pageAnalytics } from "./page-analytics";

/**
 * The analytics of page `rawSlug` over a validated query, for the caller of this request (who must
 * manage the page): the API's GET …/analytics and the MCP tool get_analytics answer with this.
 */
export async function analyticsForCaller(c: Context<AppEnv>, rawSlug: string, q: AnalyticsQuery): Promise<Analytics> {
  const range = rangeOfQuery(q);
  const slug = rawSlug.toLowerCase();
  // The access check runs in pageAnalytics's step 1, on the row read with the counts; a bad slug never reaches a DO.
  if (!isValidSlug(slug)) await requirePageAccess(c, slug); // throws (404 at the latest)
  const access = await rowAccessOf(c);
  return pageAnalytics(c.env, { slug, access, check: (lookup) => requirePageAccess(c, slug, lookup) }, range);
}
