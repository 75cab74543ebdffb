// Pure pieces of Idempotency-Key handling (middleware/idempotency.ts does the I/O). The header follows
// the IETF draft draft-ietf-httpapi-idempotency-key-header: a Structured Field string ("…"); the bare
// form Stripe and GitHub clients send is accepted too. See docs/storage.md#idempotency_keys-0013.
import { API_KEY_PREFIX } from "../auth/api-keys";
import { CLAIM_TOKEN_PREFIX } from "../auth/claim-token";
import { IDEMPOTENCY_KEY_MAX_CHARS } from "./policy";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
const SECRET_PREFIXES = [CLAIM_TOKEN_PREFIX, API_KEY_PREFIX, WEBHOOK_SECRET_PREFIX];

/** Response headers a replay carries again; never Set-Cookie (a cookie can be a credential). */
export const REPLAYED_HEADERS = ["content-type", "location", "etag"] as const;

export type ParsedKey = { ok: true; key: string } | { ok: false; reason: string };

/** The key from the header, or why it is refused: 1–255 visible ASCII characters, quoted or bare. */
export function parseIdempotencyKey(raw: string): ParsedKey {
  const quoted = /^"(.*)"$/s.exec(raw.trim());
  const key = quoted ? quoted[1]! : raw.trim();
  if (!key) return { ok: false, reason: "must not be empty" };
  if (key.length > IDEMPOTENCY_KEY_MAX_CHARS) return { ok: false, reason: `must be at most ${IDEMPOTENCY_KEY_MAX_CHARS} characters` };
  if (!/^[\x21-\x7E]+$/.test(key) || (quoted && /["\\]/.test(key))) {
    return { ok: false, reason: "must be visible ASCII characters without spaces (a UUID is a good key)" };
  }
  return { ok: true, key };
}

/**
 * The request body as compared between a key's first use and its retries: JSON in one canonical form
 * (keys sorted at every level, no insignificant whitespace), so a client that re-serialises the same
 * object on retry — another key order, other spacing — is the same request. Anything that is not JSON
 * is compared byte for byte.
 */
export function canonicalBody(body: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(body)));
  } catch {
    return body;
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!v || typeof v !== "object") return v;
  const obj = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, sortKeys(obj[k])]));
}

const isSecret = (v: unknown): boolean => typeof v === "string" && SECRET_PREFIXES.some((p) => v.startsWith(p));

/**
 * The body kept for replays: a JSON object's top-level secrets (a create's `claimToken`, an API key's
 * `key`, a webhook's `secret` — shown once, stored only hashed) become null, and `secretShownBefore:
 * true` says so. Only top-level fields are secrets in our answers; nested user text is never touched.
 */
export function withoutSecrets(body: string, contentType: string | null): string {
  if (!contentType?.includes("json") || !body) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return body;
  const obj = parsed as Record<string, unknown>;
  const secretFields = Object.keys(obj).filter((k) => isSecret(obj[k]));
  if (!secretFields.length) return body;
  for (const k of secretFields) obj[k] = null;
  return JSON.stringify({ ...obj, secretShownBefore: true });
}
