import { z } from "@hono/zod-openapi";

export const THEME_PRESETS = ["classic", "midnight", "sunset", "forest", "ocean", "paper", "mono"] as const;
export const BUTTON_STYLES = ["rounded", "pill", "square", "outline"] as const;
export const FONTS = ["system", "serif", "mono", "rounded", "humanist"] as const;

export const ThemeSchema = z
  .object({
    preset: z.enum(THEME_PRESETS).default("classic"),
    accent: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1a2b3c")
      .transform((s) => s.toLowerCase())
      .optional(),
    buttonStyle: z.enum(BUTTON_STYLES).optional(),
    font: z.enum(FONTS).optional(),
  })
  .strict()
  .openapi("Theme");

export type Theme = z.infer<typeof ThemeSchema>;
