import { z } from "@hono/zod-openapi";

export const THEME_PRESETS = [
  "classic", "midnight", "sunset", "forest", "ocean", "paper", "mono",
  "aurora", "peach", "lagoon", "dusk", "blossom", "slate", "meadow",
] as const;
export const BUTTON_STYLES = ["rounded", "pill", "square", "outline", "outline-pill", "shadow", "soft-shadow"] as const;
export const FONTS = ["system", "serif", "mono", "rounded", "humanist"] as const;

const Colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1a2b3c")
  .transform((s) => s.toLowerCase());

export const ThemeSchema = z
  .object({
    preset: z.enum(THEME_PRESETS).default("classic"),
    accent: Colour.optional(),
    buttonStyle: z.enum(BUTTON_STYLES).optional(),
    font: z.enum(FONTS).optional(),
    background: Colour.optional().openapi({ description: "A plain background colour instead of the preset's (text colours follow it for contrast)" }),
  })
  .strict()
  .openapi("Theme");

export type Theme = z.infer<typeof ThemeSchema>;
