import { z } from "@hono/zod-openapi";
import { LinkUrlSchema } from "./link-url";
import { SlugSchema } from "./slug";
import { UserText as Text } from "./text";
import { ThemeSchema } from "./theme";
import { OnceSecret, SecretShownBefore } from "./idempotency";

export const MAX_LINKS = 100;

const IsoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" });

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
    confirm: z.boolean().optional().openapi({
      description: "Double opt-in: a new address is listed only once its owner confirms it from the mail we send. Default true (also when left out).",
    }),
  })
  .strict()
  .openapi("EmailSignup");

/** Double opt-in is on unless the owner switched it off (settings saved before it existed: on). */
export const confirmsSignups = (s: { confirm?: boolean }): boolean => s.confirm !== false;

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
    slug: SlugSchema.optional().openapi({ description: "Slugs cannot change; if given it must equal the current one" }),
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
    emailSignup: z.object({ enabled: z.boolean(), heading: z.string().optional(), buttonText: z.string().optional(), confirm: z.boolean() }),
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
    claimToken: OnceSecret("Only for pages created without an account; shown once").optional(),
    secretShownBefore: SecretShownBefore,
    expiresAt: z.string().optional().openapi({ description: "With a claim token: the page is deleted at this time unless it is claimed first (30 days)" }),
  })
  .openapi("CreatePageResponse");
