import { Hono } from "hono";
import { findPageBySlug } from "../db/pages";
import type { AppEnv } from "../env";
import { randomBase64url } from "../lib/crypto";
import { tryConsumeLimit } from "../lib/consume-limit";
import { clientKey } from "../middleware/rate-limit";
import { sendPage, withHeaders } from "../lib/html";
import { isValidSlug } from "../schemas/slug";
import { NotFoundPage } from "../views/not-found";
import { REPORT_REASONS, ReportPage } from "../views/report";

/** Anyone can report a public page to the operator (docs/limits.md); reports are listed by the admin API. */
export const reportRoutes = new Hono<AppEnv>()
  .get("/:slug", async (c) => {
    const slug = c.req.param("slug").toLowerCase();
    if (!isValidSlug(slug) || !(await findPageBySlug(c.env.DB, slug))) return sendPage(c, NotFoundPage({}), 404);
    return sendPage(c, ReportPage({ slug, sent: c.req.query("sent") === "1" }));
  })
  .post("/:slug", async (c) => {
    const slug = c.req.param("slug").toLowerCase();
    const row = isValidSlug(slug) ? await findPageBySlug(c.env.DB, slug) : null;
    if (!row) return sendPage(c, NotFoundPage({}), 404);
    const form = await c.req.parseBody();
    const reason = typeof form.reason === "string" && form.reason in REPORT_REASONS ? form.reason : null;
    const details = typeof form.details === "string" ? form.details.trim().slice(0, 1000) : "";
    if (!reason) return sendPage(c, ReportPage({ slug, error: "Please choose what is wrong with the page." }), 400);
    // Per client, by a hash Cloudflare's limiter counts and forgets (docs/limits.md#report).
    const limit = await tryConsumeLimit(c.env, "report", await clientKey(c));
    if (!limit.ok) return withHeaders(await sendPage(c, ReportPage({ slug, error: limit.detail }), 429), limit.headers);
    await c.env.DB.prepare("INSERT INTO reports (id, page_id, slug, reason, details, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind("rp_" + randomBase64url(9), row.id, slug, reason, details, new Date().toISOString())
      .run();
    return c.body(null, 303, { location: `/report/${slug}?sent=1`, "cache-control": "no-store" });
  });
