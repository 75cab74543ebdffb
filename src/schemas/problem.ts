import { z } from "@hono/zod-openapi";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(z.object({ field: z.string(), pointer: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "The offending fields, for validation failures" }),
    reason: z
      .enum(["taken", "recently_released"])
      .optional()
      .openapi({ description: "409 on a slug: another page has it, or a page let go of it less than 30 days ago (docs/rename.md)" }),
  })
  .openapi("Problem", { description: "RFC 9457 problem details" });

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** Error responses shared by the routes' OpenAPI descriptions. */
export const problems = {
  400: problem("Invalid input; `errors` names the fields"),
  401: problem("No or unknown credentials"),
  403: problem("Credentials do not allow this"),
  404: problem("No such page"),
  409: problem("Slug not available: `reason` is `taken` or `recently_released`"),
  412: problem("If-Match does not match the current ETag"),
  413: problem("Body larger than 256 KiB"),
  429: problem("Too many requests; see Retry-After"),
  503: problem("Could not be finished right now; try again shortly"),
} as const;
