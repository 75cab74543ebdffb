import { z } from "@hono/zod-openapi";
import { SOURCES } from "../imports/draft";
import { MAX_IMPORT_BYTES } from "../lib/policy";
import { CreatePageResponseSchema, CreatePageSchema } from "./page";
import { SlugSchema } from "./slug";

export const ImportBodySchema = z
  .object({
    source: z.enum(SOURCES).openapi({ description: "Where the content comes from" }),
    content: z
      .string()
      .min(1, "is required")
      .max(MAX_IMPORT_BYTES, `must be at most ${MAX_IMPORT_BYTES / 1024} KiB`)
      .openapi({
        description:
          "The source's own document, as text: linktree — the public page's HTML or its __NEXT_DATA__ JSON; linkstack — its JSON export; " +
          "biodrop — the profile JSON; littlelink — its index.html; melinks — our export JSON (GET /pages/{slug}/export)",
      }),
    slug: SlugSchema,
    dryRun: z.boolean().default(false).openapi({ description: "true: only show the page it would create and what it leaves out" }),
  })
  .strict()
  .openapi("ImportBody");

export const DroppedSchema = z
  .object({
    where: z.string().openapi({ description: "Where in the source, e.g. props.pageProps.account.links[3]" }),
    what: z.string(),
    reason: z.string(),
  })
  .openapi("Dropped");

export const ImportPreviewSchema = z
  .object({ page: CreatePageSchema.openapi({ description: "The create body the import would send (POST /pages)" }), dropped: z.array(DroppedSchema) })
  .openapi("ImportPreview");

export const ImportCreatedSchema = CreatePageResponseSchema.extend({ dropped: z.array(DroppedSchema) }).openapi("ImportCreated");
