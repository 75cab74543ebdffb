import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { syncPagePlan } from "../actions/sync-plan";
import { findPageBySlug, pagesOfOwner } from "../db/pages";
import { setUserPlan } from "../db/users";
import type { AppEnv } from "../env";
import { linkPageStub } from "../link-page/stub";
import { timingSafeEqualStr } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { validationHook } from "../lib/validation-hook";
import { EmailSchema, PlanBodySchema } from "../schemas/account";
import { problems } from "../schemas/problem";
import { SlugParamSchema } from "../schemas/slug";

/** Operator routes exist only when ADMIN_TOKEN is set, and take only that token (constant-time). */
const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const token = c.env.ADMIN_TOKEN;
  if (!token) throw new AppError("not_found", "No such route.");
  const m = /^bearer[ ]+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!m || !timingSafeEqualStr(m[1]!, token)) {
    throw new AppError("unauthorized", "Operator token required.", { headers: { "www-authenticate": 'Bearer realm="melinks-admin"' } });
  }
  await next();
});

const setPlan = createRoute({
  method: "put",
  path: "/admin/users/{email}/plan",
  tags: ["Operator"],
  summary: "Set a user's plan (operator only, ADMIN_TOKEN)",
  security: [{ AdminToken: [] }],
  middleware: [requireAdmin] as const,
  request: {
    params: z.object({ email: EmailSchema.openapi({ param: { name: "email", in: "path" } }) }),
    body: { required: true, content: { "application/json": { schema: PlanBodySchema } } },
  },
  responses: {
    200: {
      description: "The new plan. `pagesPending`: pages whose copy of the plan could not be updated yet; the sweep retries them (docs/plans.md)",
      content: { "application/json": { schema: z.object({ email: z.string(), plan: z.enum(["free", "pro"]), pagesPending: z.number().int() }) } },
    },
    400: problems[400], 401: problems[401], 404: problems[404],
  },
});

const setPageStatus = createRoute({
  method: "put",
  path: "/admin/pages/{slug}/status",
  tags: ["Operator"],
  summary: "Take a page down at once (its public page and redirects answer 410), or restore it (operator only)",
  security: [{ AdminToken: [] }],
  middleware: [requireAdmin] as const,
  request: {
    params: SlugParamSchema,
    body: { required: true, content: { "application/json": { schema: z.object({ status: z.enum(["active", "suspended"]) }).strict() } } },
  },
  responses: {
    200: { description: "The page's status", content: { "application/json": { schema: z.object({ slug: z.string(), status: z.enum(["active", "suspended"]) }) } } },
    400: problems[400], 401: problems[401], 404: problems[404],
  },
});

const listReports = createRoute({
  method: "get",
  path: "/admin/reports",
  tags: ["Operator"],
  summary: "Reports sent through public pages' Report link, newest first (operator only)",
  security: [{ AdminToken: [] }],
  middleware: [requireAdmin] as const,
  responses: {
    200: {
      description: "Reports",
      content: {
        "application/json": {
          schema: z.object({ reports: z.array(z.object({ id: z.string(), slug: z.string(), reason: z.string(), details: z.string(), createdAt: z.string() })) }),
        },
      },
    },
    401: problems[401],
  },
});

export const adminApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listReports, async (c) => {
    const { results } = await c.env.DB.prepare("SELECT id, slug, reason, details, created_at FROM reports ORDER BY created_at DESC LIMIT 500").all<{
      id: string; slug: string; reason: string; details: string; created_at: string;
    }>();
    return c.json({ reports: results.map((r) => ({ id: r.id, slug: r.slug, reason: r.reason, details: r.details, createdAt: r.created_at })) }, 200);
  })
  .openapi(setPageStatus, async (c) => {
    const slug = c.req.valid("param").slug.toLowerCase();
    const { status } = c.req.valid("json");
    const row = await findPageBySlug(c.env.DB, slug);
    if (!row || !(await linkPageStub(c.env, slug).setStatus(status, new Date().toISOString()))) {
      throw new AppError("not_found", `There is no page "${slug}".`);
    }
    return c.json({ slug, status }, 200);
  })
  .openapi(setPlan, async (c) => {
  const user = await setUserPlan(c.env.DB, c.req.valid("param").email, c.req.valid("json").plan);
  if (!user) throw new AppError("not_found", "No account uses this email address.");
  // D1 now says the new plan and every page of the account is pending (docs/plans.md#propagation):
  // copy it into each page's DO now; one that fails stays pending for the sweep, never split for good.
  const pages = await pagesOfOwner(c.env.DB, user.id);
  const results = await Promise.allSettled(pages.map((p) => syncPagePlan(c.env, p.id)));
  results.forEach((r, i) => r.status === "rejected" && console.error(`admin: the plan of ${pages[i]!.slug} is pending for the sweep`, r.reason));
  return c.json({ email: user.email, plan: user.plan, pagesPending: results.filter((r) => r.status === "rejected").length }, 200);
});
