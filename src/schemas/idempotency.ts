import { z } from "@hono/zod-openapi";

// What a replayed create says instead of its secret (middleware/idempotency.ts, docs/storage.md#idempotency_keys-0013).
const REPLAY_NOTE = "null in a replay (same Idempotency-Key): secrets are shown once and stored only hashed";

/** A create's one-time secret: the value the first time, null when the answer is replayed. */
export const OnceSecret = (description: string) => z.string().nullable().openapi({ description: `${description}; ${REPLAY_NOTE}` });

export const SecretShownBefore = z
  .literal(true)
  .optional()
  .openapi({ description: "Present in a replayed answer whose secret was shown by the first one: the secret field is null" });
