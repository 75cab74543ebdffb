import { z } from "@hono/zod-openapi";

/** Names that would shadow our own routes or mislead visitors (SPEC §3), plus a few we may need. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "api", "auth", "dashboard", "dev", "admin", "privacy", "terms", "static", "assets", "login",
  "logout", "signup", "settings", "healthz", "favicon.ico", "robots.txt", "www",
  "about", "account", "app", "billing", "blog", "docs", "help", "home", "new", "pricing",
  "problems", "report", "security", "status", "support", "well-known", "melinks", "media",
]);

const SLUG_RE = /^[a-z0-9][a-z0-9_-]{2,31}$/;

/** Is this already-lowercased string a usable slug? Used on hot paths to skip DO wake-ups for junk. */
export function isValidSlug(s: string): boolean {
  return SLUG_RE.test(s) && !RESERVED_SLUGS.has(s);
}

export const SlugSchema = z
  .string()
  .min(3, "must be at least 3 characters")
  .max(32, "must be at most 32 characters")
  .transform((s) => s.toLowerCase())
  .refine((s) => SLUG_RE.test(s), "may contain only a-z, 0-9, '-' and '_', and must start with a letter or digit")
  .refine((s) => !RESERVED_SLUGS.has(s), "is reserved; please choose another")
  .openapi({ description: "3–32 of a-z 0-9 - _, starting with a letter or digit; case-folded", example: "ada" });

export const SlugParamSchema = z.object({
  slug: z.string().openapi({ param: { name: "slug", in: "path" }, example: "ada" }),
});
