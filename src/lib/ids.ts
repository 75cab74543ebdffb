import { randomBase64url } from "./crypto";

/** Opaque ids: a readable prefix plus random bytes, never derived from user data. */
export const newPageId = () => "pg_" + randomBase64url(12);
export const newLinkId = () => "ln_" + randomBase64url(9);
export const newSocialId = () => "so_" + randomBase64url(9);
