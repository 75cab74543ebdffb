import { Hono, type Context } from "hono";
import { claimPage } from "../../actions/claim-page";
import { CREATE_PROBLEM, createPage } from "../../actions/create-page";
import { deletePage } from "../../actions/delete-page";
import { hourRange } from "../../analytics/hour-range";
import { pageAnalytics } from "../../analytics/page-analytics";
import { pagesOfOwner } from "../../db/pages";
import type { AppEnv } from "../../env";
import { linkPageStub } from "../../link-page/stub";
import { problemOf } from "../../lib/result";
import { callerKey } from "../../middleware/rate-limit";
import { publicOrigin } from "../../lib/origin";
import { DAY_MS } from "../../lib/time";
import { CreatePageSchema } from "../../schemas/page";
import { HomePage, type HomeProps, type PageCard } from "../../views/dashboard/home";
import { formString, zodFieldErrors } from "./forms";
import { ownedPage, sendDashboard, type DashStatus } from "./guard";
import { currentUser } from "../../middleware/auth";

/** Each of the user's pages with today's clicks (UTC day; the page's script re-counts in local time). */
async function pageCards(c: Context<AppEnv>): Promise<PageCard[]> {
  const rows = await pagesOfOwner(c.env.DB, currentUser(c).id);
  const now = Date.now();
  const today = { fromMs: Math.floor(now / DAY_MS) * DAY_MS, toMs: now + 1, granularity: "hour" as const, tz: "UTC" };
  const cards = await Promise.all(
    rows.map(async (row) => {
      // The page and its clicks side by side: a card waits for the slower, not for both in turn.
      const [res, report] = await Promise.all([
        linkPageStub(c.env, row.slug).get(),
        pageAnalytics(c.env, { slug: row.slug, row }, hourRange(today)).catch(() => null),
      ]);
      if (!res) return null;
      const { page } = res;
      return { slug: page.slug, displayName: page.displayName, links: page.links.length, clicksToday: report?.totals.clicks ?? 0, plan: page.plan };
    }),
  );
  return cards.filter((x): x is PageCard => x !== null);
}

async function renderHome(c: Context<AppEnv>, props: Partial<HomeProps> = {}, status: DashStatus = 200) {
  const pages = await pageCards(c);
  return sendDashboard(c, HomePage({ email: currentUser(c).email, origin: publicOrigin(c), pages, ...props }), status);
}

/** /dashboard: list, create, claim and delete pages. Forms post here and work without JavaScript. */
export const homeRoutes = new Hono<AppEnv>()
  .get("/", (c) => {
    const deleted = c.req.query("deleted");
    return renderHome(c, deleted ? { flash: { text: `Deleted “${deleted}” and everything recorded for it.` } } : {});
  })
  .post("/pages", async (c) => {
    const form = await c.req.parseBody();
    const values = { slug: formString(form.slug).trim(), displayName: formString(form.displayName) };
    const parsed = CreatePageSchema.safeParse(values);
    if (!parsed.success) return renderHome(c, { create: { ...values, errors: zodFieldErrors(parsed.error) } }, 400);
    const result = await createPage(c.env, parsed.data, currentUser(c), await callerKey(c));
    if (result.ok) return c.redirect(`/dashboard/pages/${result.created.page.slug}?created=1`, 303);
    if (result.reason === "rate_limited") throw problemOf(result, CREATE_PROBLEM);
    return renderHome(c, { create: { ...values, errors: { slug: "This address is already taken." } } }, 409);
  })
  .post("/claim", async (c) => {
    const form = await c.req.parseBody();
    const slug = formString(form.slug).trim().toLowerCase().replace(/^.*\//, ""); // accept a pasted URL too
    const token = formString(form.claimToken).trim();
    if (!slug || !token) {
      return renderHome(c, { claim: { slug, errors: { ...(!slug ? { slug: "is required" } : {}), ...(!token ? { claimToken: "is required" } : {}) } } }, 400);
    }
    const claimed = await claimPage(c.env, slug, token, currentUser(c));
    if (claimed.ok) return c.redirect(`/dashboard/pages/${slug}?claimed=1`, 303);
    const field = claimed.reason === "token_mismatch" ? "claimToken" : "slug";
    const claim = { slug, token: field === "claimToken" ? undefined : token, errors: { [field]: claimed.detail } };
    return renderHome(c, { claim }, claimed.reason === "already_yours" ? 409 : 400);
  })
  .post("/pages/:slug/delete", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    if (!row) return renderHome(c, { flash: { kind: "error", text: "You have no page with that address." } }, 404);
    const form = await c.req.parseBody();
    if (formString(form.confirm).trim().toLowerCase() !== row.slug) {
      return c.redirect(`/dashboard/pages/${row.slug}?delete=mismatch#danger`, 303);
    }
    await deletePage(c.env, row);
    return c.redirect(`/dashboard?deleted=${encodeURIComponent(row.slug)}`, 303);
  });
