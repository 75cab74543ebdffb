import { randomBase64url, sha256Hex, timingSafeEqualStr } from "../lib/crypto";

export const CLAIM_TOKEN_PREFIX = "mlc_";

/** A claim token: mlc_ + 32 random bytes (base64url). Only its SHA-256 is stored (docs/contract.md#privacy-promises). */
export async function newClaimToken(): Promise<{ token: string; hash: string }> {
  const token = CLAIM_TOKEN_PREFIX + randomBase64url(32);
  return { token, hash: await sha256Hex(token) };
}

export async function claimTokenMatches(token: string, storedHash: string | null): Promise<boolean> {
  if (!storedHash || !token.startsWith(CLAIM_TOKEN_PREFIX)) return false;
  return timingSafeEqualStr(await sha256Hex(token), storedHash);
}
