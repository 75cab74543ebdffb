import { Hono, type Context } from "hono";
import { ZodError } from "zod";
import { CREATE_PROBLEM, createPage } from "../../actions/create-page";
import type { AppEnv } from "../../env";
import { SOURCES, type ImportSource } from "../../imports";
import { AppError } from "../../lib/errors";
import { problemOf } from "../../lib/result";
import { callerKey } from "../../middleware/rate-limit";
import { ImportPage, type ImportProps } from "../../views/dashboard/import";
import { planOr400 } from "../imports";
import { appFieldErrors, formString, zodFieldErrors } from "./forms";
import { sendDashboard, type DashStatus } from "./guard";
import { currentUser } from "../../middleware/auth";

const render = (c: Context<AppEnv>, props: Omit<ImportProps, "email">, status: DashStatus = 200) =>
  sendDashboard(c, ImportPage({ email: currentUser(c).email, ...props }), status);

/**
 * /dashboard/import (signed in): paste or upload, preview (the API's dry run), confirm — the same
 * planning and create action as POST /api/v1/imports (docs/imports.md), as plain forms.
 */
export const importRoutes = new Hono<AppEnv>()
  .get("/import", (c) => render(c, {}))
  .post("/import", async (c) => {
    const form = await c.req.parseBody();
    const upload = form.file;
    const content = upload instanceof File && upload.size > 0 ? await upload.text() : formString(form.content);
    const sourceRaw = formString(form.source);
    const slug = formString(form.slug).trim().toLowerCase();
    if (!(SOURCES as readonly string[]).includes(sourceRaw)) return render(c, { slug, content, errors: { source: "Pick where the page comes from." } }, 400);
    const source = sourceRaw as ImportSource;
    if (!content.trim()) return render(c, { source, slug, errors: { content: "Paste the page or upload its file." } }, 400);
    let plan;
    try {
      plan = planOr400(source, content, slug);
    } catch (err) {
      // The importers' own refusals (imports/*.ts throw while reading a document): shown on the form.
      if (err instanceof ZodError) return render(c, { source, slug, content, errors: zodFieldErrors(err) }, 400);
      if (!(err instanceof AppError) || err.code !== "bad_request") throw err;
      return render(c, { source, slug, content, errors: appFieldErrors(err, "content") }, 400);
    }
    if (formString(form.step) !== "confirm") return render(c, { source, slug, content, preview: { page: plan.body, dropped: plan.dropped } });
    const result = await createPage(c.env, plan.body, currentUser(c), await callerKey(c));
    if (result.ok) return c.redirect(`/dashboard/pages/${result.created.page.slug}?created=1`, 303);
    if (result.reason === "rate_limited") throw problemOf(result, CREATE_PROBLEM);
    return render(c, { source, slug, content, errors: { slug: "This address is already taken." } }, 409);
  });
