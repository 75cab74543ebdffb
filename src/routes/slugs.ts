import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { checkSlug } from "../actions/check-slug";
import type { AppEnv } from "../env";
import { validationHook } from "../lib/validation-hook";
import { SlugParamSchema } from "../schemas/slug";

export const SlugAvailabilitySchema = z
  .object({
    slug: z.string().openapi({ description: "The slug as it would be stored (case-folded)" }),
    available: z.boolean(),
    reason: z.enum(["invalid", "reserved", "taken", "recently_released"]).optional(),
    reserved: z.enum(["route", "sign_in", "product_name"]).optional().openapi({
      description: "With reason `reserved`: MeLinks routes this address itself, it looks like a sign-in/account/support page, or it spells the product's name",
    }),
    message: z.string().optional().openapi({ description: "Why it is not available, in words" }),
  })
  .openapi("SlugAvailability");

const check = createRoute({
  method: "get",
  path: "/slugs/{slug}",
  tags: ["Pages"],
  summary: "Is this slug free to create a page with? (Public; pages are public anyway)",
  request: { params: SlugParamSchema },
  responses: { 200: { description: "Availability", content: { "application/json": { schema: SlugAvailabilitySchema } } } },
});

/** GET /slugs/{slug}: the dashboard's as-you-type check (actions/check-slug.ts). */
export const slugsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(check, async (c) =>
  c.json(await checkSlug(c.env.DB, c.req.valid("param").slug), 200, { "cache-control": "no-store" }),
);
