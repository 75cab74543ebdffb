import { z } from "@hono/zod-openapi";
import { AnalyticsQuerySchema } from "./analytics";
import { PageSchema, PatchPageSchema } from "./page";

// The MCP tools' inputs and outputs (docs/mcp.md#tools), made of the same schemas that validate the
// JSON API, so a tool takes exactly what its API route takes.

/** A page to act on: looked up like the API's {slug} path parameter (case-folded; unknown → not found). */
const PageSlug = z.string().min(1).max(64).describe("The page's address, e.g. `ada` for /ada");

export const NoInputSchema = z.object({}).strict();

export const PageRefSchema = z.object({ slug: PageSlug }).strict();

export const UpdatePageInputSchema = z
  .object({
    slug: PageSlug,
    changes: PatchPageSchema.describe("The fields to change, as the API's PATCH body; `links`, when given, replaces the list"),
    ifMatch: z
      .string()
      .max(200)
      .optional()
      .describe("The `etag` from get_page: change only that version (a stale one is refused, nothing is saved)"),
  })
  .strict();

// The API's analytics query without `format`: a tool answers structured JSON, never a CSV download.
export const AnalyticsInputSchema = AnalyticsQuerySchema.omit({ format: true }).extend({ slug: PageSlug }).strict();

/** A page with the version tag to send back as `ifMatch`. */
export const PageWithEtagSchema = z.object({ page: PageSchema, etag: z.string() });

export const PageListSchema = z.object({ pages: z.array(PageSchema) });
