import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { exportPage, exportPageHtml } from "../actions/export-page";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { pageForCaller, publicOrigin } from "../lib/origin";
import { validationHook } from "../lib/validation-hook";
import { pageAccess } from "../middleware/auth";
import { problems } from "../schemas/problem";
import { SlugParamSchema } from "../schemas/slug";

const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }, { ClaimToken: [] }];

const exportRoute = createRoute({
  method: "get",
  path: "/pages/{slug}/export",
  tags: ["Pages"],
  summary: "Everything held for a page as one JSON document; ?format=html gives a self-contained copy of the public page",
  security,
  middleware: [pageAccess],
  request: { params: SlugParamSchema, query: z.object({ format: z.enum(["json", "html"]).default("json") }) },
  responses: {
    200: {
      description: "The export (an attachment)",
      content: { "application/json": { schema: z.object({}).passthrough() }, "text/html": { schema: { type: "string" } } },
    },
    401: problems[401], 403: problems[403], 404: problems[404],
  },
});

export const exportApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(exportRoute, async (c) => {
  const row = c.get("pageRow");
  if (c.req.valid("query").format === "html") {
    const html = await exportPageHtml(c.env, row, publicOrigin(c));
    if (!html) throw new AppError("not_found", `There is no page "${row.slug}".`);
    return new Response(html, {
      headers: { "content-type": "text/html; charset=utf-8", "content-disposition": `attachment; filename="${row.slug}.html"`, "cache-control": "no-store" },
    }) as never;
  }
  const doc = await exportPage(c.env, row);
  return c.json({ ...doc, page: pageForCaller(c, doc.page) }, 200, { "content-disposition": `attachment; filename="${row.slug}-export.json"`, "cache-control": "no-store" });
});
