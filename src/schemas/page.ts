import { z } from "@hono/zod-openapi";
import { LinkUrlSchema } from "./link-url";
import { SlugSchema } from "./slug";
import { ThemeSchema } from "./theme";

export const MAX_LINKS = 100;

const IsoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" });

/** Trimmed user text with no control characters (they only ever hide or break things). */
const Text = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? "is required" : `must be at least ${min} characters`)
        .max(max, `must be at most ${max} characters`)
        .refine((s) => !/[\u0000-\u0008\u000B-\u001F\u007F]/.test(s), "must not contain control characters"),
    );

export const LinkInputSchema = z
  .object({
    id: z.string().max(64).optional().openapi({ description: "Keep an existing link's id (PATCH)" }),
    title: Text(1, 100),
    url: LinkUrlSchema,
    enabled: z.boolean().default(true),
    startsAt: IsoTime.nullable().optional(),
    endsAt: IsoTime.nullable().optional(),
  })
  .strict()
  .refine((l) => !l.startsAt || !l.endsAt || Date.parse(l.startsAt) < Date.parse(l.endsAt), {
    message: "must be after startsAt",
    path: ["endsAt"],
  })
  .openapi("LinkInput");

export const EmailSignupSchema = z
  .object({
    enabled: z.boolean(),
    heading: Text(0, 100).optional(),
    buttonText: Text(0, 40).optional(),
  })
  .strict()
  .openapi("EmailSignup");

const LinksSchema = z.array(LinkInputSchema).max(MAX_LINKS, `a page can have at most ${MAX_LINKS} links`);

export const CreatePageSchema = z
  .object({
    slug: SlugSchema,
    displayName: Text(1, 64),
    bio: Text(0, 280).default(""),
    theme: ThemeSchema.optional(),
    links: LinksSchema.default([]),
  })
  .strict()
  .openapi("CreatePage");

export const PatchPageSchema = z
  .object({
    slug: SlugSchema.optional().openapi({ description: "A new slug renames the page (its old address redirects for 30 days, docs/rename.md)" }),
    displayName: Text(1, 64).optional(),
    bio: Text(0, 280).optional(),
    theme: ThemeSchema.optional(),
    links: LinksSchema.optional(),
    emailSignup: EmailSignupSchema.optional(),
  })
  .strict()
  .openapi("PatchPage");

export type LinkInput = z.infer<typeof LinkInputSchema>;
export type CreatePageInput = z.infer<typeof CreatePageSchema>;
export type PatchPageInput = z.infer<typeof PatchPageSchema>;
export type EmailSignup = z.infer<typeof EmailSignupSchema>;

// ---- Output shapes (SPEC §7) ----

export const LinkSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    url: z.string(),
    enabled: z.boolean(),
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
  })
  .openapi("Link");

export const PageSchema = z
  .object({
    slug: z.string(),
    displayName: z.string(),
    bio: z.string(),
    theme: z.object({
      preset: z.string(),
      accent: z.string().optional(),
      buttonStyle: z.string().optional(),
      font: z.string().optional(),
    }),
    links: z.array(LinkSchema),
    emailSignup: z.object({ enabled: z.boolean(), heading: z.string().optional(), buttonText: z.string().optional() }),
    plan: z.enum(["free", "pro"]),
    claimed: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Page");

export type Link = z.infer<typeof LinkSchema>;
export type Page = z.infer<typeof PageSchema>;
export type Plan = Page["plan"];

export const CreatePageResponseSchema = z
  .object({
    page: PageSchema,
    claimToken: z.string().optional().openapi({ description: "Only for pages created without an account; shown once" }),
    expiresAt: z.string().optional().openapi({ description: "With a claim token: the page is deleted at this time unless it is claimed first (30 days)" }),
  })
  .openapi("CreatePageResponse");
