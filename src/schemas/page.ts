import { z } from "@hono/zod-openapi";
import { LinkUrlSchema } from "./link-url";
import { PLATFORM_IDS, PLATFORM_NAMES, platformOf } from "./platforms";
import { SlugSchema } from "./slug";
import { UserText as Text } from "./text";
import { ThemeSchema } from "./theme";
import { OnceSecret, SecretShownBefore } from "./idempotency";

export const MAX_LINKS = 100;
export const MAX_SOCIALS = 20;
export const LINK_TYPES = ["link", "header"] as const;
export const LINK_ICONS = ["auto", "none", ...PLATFORM_IDS] as const;
export const SOCIALS_POSITIONS = ["top", "bottom"] as const;

const IsoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" });

export const LinkInputSchema = z
  .object({
    id: z.string().max(64).optional().openapi({ description: "Keep an existing link's id (PATCH)" }),
    type: z.enum(LINK_TYPES).default("link").openapi({ description: "`header` is a heading between links: a title, no URL, not clickable" }),
    title: Text(1, 100),
    url: LinkUrlSchema.optional().openapi({ description: "Required for a link, absent for a header" }),
    enabled: z.boolean().default(true),
    startsAt: IsoTime.nullable().optional(),
    endsAt: IsoTime.nullable().optional(),
    featured: z.boolean().optional().openapi({ description: "Drawn larger, so it stands out in every theme" }),
    icon: z.enum(LINK_ICONS).optional().openapi({ description: "`auto` (default): the platform's icon when the URL is a known one; `none`; or a platform's icon" }),
    sensitive: z.boolean().optional().openapi({ description: "Visitors see a notice that the link may be for adults only and choose to continue" }),
  })
  .strict()
  .refine((l) => !l.startsAt || !l.endsAt || Date.parse(l.startsAt) < Date.parse(l.endsAt), {
    message: "must be after startsAt",
    path: ["endsAt"],
  })
  .refine((l) => l.type === "header" || l.url !== undefined, { message: "is required", path: ["url"] })
  .refine((l) => l.type === "link" || l.url === undefined, { message: "a header has no URL", path: ["url"] })
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

/** A social profile: its platform is derived from the URL, so an unknown site is refused here. */
export const SocialInputSchema = z
  .object({
    id: z.string().max(64).optional().openapi({ description: "Keep an existing social's id (PATCH)" }),
    url: LinkUrlSchema.refine((u) => platformOf(u) !== null, {
      message: `is not a profile address we recognise (${Object.values(PLATFORM_NAMES).slice(0, 6).join(", ")}… or any fediverse https://host/@name); add it as a link instead`,
    }),
  })
  .strict()
  .openapi("SocialInput");

const SocialsSchema = z.array(SocialInputSchema).max(MAX_SOCIALS, `a page can have at most ${MAX_SOCIALS} social icons`);

const LinksSchema = z.array(LinkInputSchema).max(MAX_LINKS, `a page can have at most ${MAX_LINKS} links`);

export const CreatePageSchema = z
  .object({
    slug: SlugSchema,
    displayName: Text(1, 64),
    bio: Text(0, 280).default(""),
    theme: ThemeSchema.optional(),
    links: LinksSchema.default([]),
    socials: SocialsSchema.default([]),
    socialsPosition: z.enum(SOCIALS_POSITIONS).default("top"),
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
    socials: SocialsSchema.optional().openapi({ description: "Replaces the list (an item with an existing id keeps it)" }),
    socialsPosition: z.enum(SOCIALS_POSITIONS).optional(),
    emailSignup: EmailSignupSchema.optional(),
  })
  .strict()
  .openapi("PatchPage");

export type LinkInput = z.infer<typeof LinkInputSchema>;
export type CreatePageInput = z.infer<typeof CreatePageSchema>;
export type PatchPageInput = z.infer<typeof PatchPageSchema>;
export type EmailSignup = z.infer<typeof EmailSignupSchema>;
export type SocialInput = z.infer<typeof SocialInputSchema>;

// ---- Output shapes (docs/contract.md#api-shapes) ----

export const LinkSchema = z
  .object({
    id: z.string(),
    type: z.enum(LINK_TYPES),
    title: z.string(),
    url: z.string().openapi({ description: "Empty for a header" }),
    enabled: z.boolean(),
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
    featured: z.boolean(),
    icon: z.enum(LINK_ICONS),
    sensitive: z.boolean(),
  })
  .openapi("Link");

export const SocialSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    platform: z.enum(PLATFORM_IDS).openapi({ description: "Derived from the URL (read-only)" }),
  })
  .openapi("Social");

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
      background: z.string().optional(),
    }),
    links: z.array(LinkSchema),
    socials: z.array(SocialSchema),
    socialsPosition: z.enum(SOCIALS_POSITIONS),
    emailSignup: z.object({ enabled: z.boolean(), heading: z.string().optional(), buttonText: z.string().optional(), confirm: z.boolean() }),
    avatar: z
      .object({ url: z.string(), width: z.number().int(), height: z.number().int() })
      .nullable()
      .openapi({ description: "The profile photo (a JPEG on our origin, at most 512 × 512), or null; set with PUT /pages/{slug}/avatar" }),
    plan: z.enum(["free", "pro"]),
    claimed: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Page");

export type Link = z.infer<typeof LinkSchema>;
export type Social = z.infer<typeof SocialSchema>;
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
