import { z } from "@hono/zod-openapi";
import { UserText } from "./text";
import { OnceSecret, SecretShownBefore } from "./idempotency";

/** Emails: trimmed, lower-cased, one address, no CR/LF (header injection), at most 254 characters. */
export const EmailSchema = z
  .string()
  .refine((s) => !/[\r\n]/.test(s), "must not contain line breaks") // checked before trimming hides them
  .transform((s) => s.trim())
  .pipe(z.string().max(254, "must be at most 254 characters").pipe(z.email("must be a valid email address")))
  .transform((s) => s.toLowerCase())
  .openapi({ type: "string", format: "email", example: "ada@example.com" });

export const LogoutRequestSchema = z
  .object({ everywhere: z.boolean().optional().openapi({ description: "End every session of the account, on every device" }) })
  .openapi("LogoutRequest"); // not strict: signing out should not fail over an extra key

export const MagicLinkRequestSchema = z
  .object({
    email: EmailSchema,
    next: z.string().max(512).optional().openapi({ description: "Same-origin path to land on after sign-in (default /dashboard)" }),
  })
  .strict()
  .openapi("MagicLinkRequest");

export const OkSchema = z.object({ ok: z.literal(true) }).openapi("Ok");

export const MeSchema = z
  .object({
    email: z.string(),
    plan: z.enum(["free", "pro"]),
    createdAt: z.string(),
    pages: z.array(z.string()).openapi({ description: "Slugs of your pages" }),
    apiKeys: z.number().int().openapi({ description: "How many API keys you have" }),
  })
  .openapi("Me");

export const ApiKeyCreateSchema = z.object({ name: UserText(1, 64) }).strict().openapi("ApiKeyCreate");

export const ApiKeySchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .openapi("ApiKey");

export const NewApiKeySchema = z
  .object({ id: z.string(), name: z.string(), key: OnceSecret("mlk_…, shown once"), createdAt: z.string(), secretShownBefore: SecretShownBefore })
  .openapi("NewApiKey");

export const PlanBodySchema = z.object({ plan: z.enum(["free", "pro"]) }).strict().openapi("PlanBody");

export const ClaimBodySchema = z.object({ claimToken: z.string().min(1, "is required").max(128) }).strict().openapi("ClaimBody");
