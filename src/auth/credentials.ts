import { CLAIM_TOKEN_PREFIX } from "./claim-token";

/** What the caller presented. Sessions and API keys plug in here (Accounts issue). */
export type Credential = { kind: "claim"; token: string } | { kind: "unknown" } | null;

/** Read `Authorization: Bearer …` (scheme case-insensitive, RFC 9110 §11.1). */
export function readCredential(authorization: string | undefined): Credential {
  if (!authorization) return null;
  const m = /^bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!m) return { kind: "unknown" };
  const token = m[1]!;
  if (token.startsWith(CLAIM_TOKEN_PREFIX)) return { kind: "claim", token };
  return { kind: "unknown" };
}
