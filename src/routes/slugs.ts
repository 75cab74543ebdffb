import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { slugBlocker } from "../db/released-slugs";
import type { AppEnv } from "../env";
import { RELEASED_SLUG_HOLD_DAYS } from "../lib/policy";
import { validationHook } from "../lib/validation-hook";
import { reservedReason, SlugParamSchema, SlugSchema } from "../schemas/slug";

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

/** GET /slugs/{slug}: the dashboard's as-you-type check. POST /pages still decides races (UNIQUE). */
export const slugsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(check, async (c) => {
  const raw = c.req.valid("param").slug;
  const slug = raw.toLowerCase();
  const parsed = SlugSchema.safeParse(raw);
  const headers = { "cache-control": "no-store" };
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "is not a valid slug";
    const reserved = message.startsWith("is reserved") ? reservedReason(slug) : null;
    const body = reserved
      ? ({ slug, available: false, reason: "reserved", reserved, message: `This address ${message}.` } as const)
      : ({ slug, available: false, reason: "invalid", message: `This address ${message}.` } as const);
    return c.json(body, 200, headers);
  }
  // Asked anonymously: an address a page let go of in the last 30 days counts as held (docs/rename.md).
  const blocker = await slugBlocker(c.env.DB, parsed.data, { pageId: null, ownerId: null });
  if (blocker === "taken") {
    return c.json({ slug: parsed.data, available: false, reason: "taken", message: "This address is already taken." } as const, 200, headers);
  }
  if (blocker) {
    const message = `This address was released less than ${RELEASED_SLUG_HOLD_DAYS} days ago and is held until then.`;
    return c.json({ slug: parsed.data, available: false, reason: blocker, message } as const, 200, headers);
  }
  return c.json({ slug: parsed.data, available: true }, 200, headers);
});
