// Idempotency-Key is one middleware for every POST (middleware/idempotency.ts), so the API document
// describes it in one place too: this adds the header, the replay header and the 409/422 answers to
// every POST operation of the generated document (docs/storage.md#idempotency_keys-0013).
import { IDEMPOTENCY_KEY_MAX_CHARS, IDEMPOTENCY_TTL_HOURS } from "./policy";

type Doc = { paths?: Record<string, Record<string, any> | undefined>; components?: Record<string, any> };

const EXEMPT = /\/auth\/logout$/;
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });

export function withIdempotency<T extends Doc>(doc: T): T {
  doc.components ??= {};
  doc.components.parameters = {
    ...doc.components.parameters,
    IdempotencyKey: {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      schema: { type: "string", minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_CHARS },
      description:
        `Send a unique key (a UUID) to make a retry safe: for ${IDEMPOTENCY_TTL_HOURS} h the same key with the same body answers ` +
        "the first response again (with `Idempotent-Replayed: true`) and does nothing twice; with another body it is 422. " +
        "Keys are per caller (account, claim token, or client). Only successful (2xx) answers are kept. A replay never shows " +
        "a secret again: the secret field is null and `secretShownBefore: true`. The Structured Field form (`\"…\"`) is accepted.",
    },
  };
  doc.components.headers = {
    ...doc.components.headers,
    IdempotentReplayed: { description: "`true` when this answer is a replay of an earlier request with the same Idempotency-Key", schema: { type: "string", enum: ["true"] } },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const op = item?.post;
    if (!op || EXEMPT.test(path)) continue;
    op.parameters = [...(op.parameters ?? []), { $ref: "#/components/parameters/IdempotencyKey" }];
    op.responses ??= {};
    const conflict = "or a request with the same Idempotency-Key is still in progress (retry after Retry-After)";
    op.responses["409"] = op.responses["409"]
      ? { ...op.responses["409"], description: `${op.responses["409"].description}; ${conflict}` }
      : problem(`A request with the same Idempotency-Key is still in progress (retry after Retry-After)`);
    op.responses["422"] = problem("This Idempotency-Key was used for a different request");
    for (const [status, res] of Object.entries<any>(op.responses)) {
      if (status.startsWith("2")) res.headers = { ...res.headers, "Idempotent-Replayed": { $ref: "#/components/headers/IdempotentReplayed" } };
    }
  }
  return doc;
}
