// R2 access for a page's media (docs/storage.md#r2-photos). Every object of a page lives under
// `pages/{pageId}/`, so deleting the page deletes one prefix, and a page renamed later keeps its media.
import { MEDIA_CACHE_CONTROL } from "../lib/policy";
import { sha256Hex } from "../lib/crypto";

export interface StoredAvatar {
  /** SHA-256 (hex) of the stored JPEG: its address changes with its content. */
  hash: string;
  width: number;
  height: number;
}

export const PAGE_ID_RE = /^pg_[A-Za-z0-9_-]{1,32}$/;
export const HASH_RE = /^[0-9a-f]{64}$/;

const avatarKey = (pageId: string, hash: string) => `pages/${pageId}/avatar/${hash}.jpg`;
const cardKey = (pageId: string, version: number) => `pages/${pageId}/card/${version}.png`;

/** The stored form of an API `avatar` (its address ends in the content hash). */
export function storedAvatarOf(a: { url: string; width: number; height: number } | null): StoredAvatar | null {
  const hash = a && /\/([0-9a-f]{64})\.jpg$/.exec(a.url)?.[1];
  return a && hash ? { hash, width: a.width, height: a.height } : null;
}

/** Where the photo is served from our origin (routes/media.ts). */
export const avatarPath = (pageId: string, hash: string) => `/media/${pageId}/${hash}.jpg`;
/** The generated share card of one page version (routes/media.ts). */
export const cardPath = (pageId: string, version: number) => `/media/card/${pageId}-${version}.png`;

export async function putAvatar(bucket: R2Bucket, pageId: string, jpeg: Uint8Array): Promise<string> {
  const hash = await sha256Hex(jpeg);
  await bucket.put(avatarKey(pageId, hash), jpeg, { httpMetadata: { contentType: "image/jpeg", cacheControl: MEDIA_CACHE_CONTROL } });
  return hash;
}

export function getAvatar(bucket: R2Bucket, pageId: string, hash: string): Promise<R2ObjectBody | null> {
  return bucket.get(avatarKey(pageId, hash));
}

/** The stored photo as base64 (the export embeds it), or null if it is not there. */
export async function avatarBase64(bucket: R2Bucket, pageId: string, hash: string): Promise<string | null> {
  const obj = await getAvatar(bucket, pageId, hash);
  if (!obj) return null;
  const bytes = new Uint8Array(await obj.arrayBuffer());
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function deleteAvatar(bucket: R2Bucket, pageId: string, hash: string): Promise<void> {
  await bucket.delete(avatarKey(pageId, hash));
}

export function getCard(bucket: R2Bucket, pageId: string, version: number): Promise<R2ObjectBody | null> {
  return bucket.get(cardKey(pageId, version));
}

/** Store a page version's card and drop the cards of earlier versions (nobody is sent to those any more). */
export async function putCard(bucket: R2Bucket, pageId: string, version: number, png: Uint8Array): Promise<void> {
  await bucket.put(cardKey(pageId, version), png, { httpMetadata: { contentType: "image/png", cacheControl: MEDIA_CACHE_CONTROL } });
  const old = await listKeys(bucket, `pages/${pageId}/card/`);
  const stale = old.filter((k) => k !== cardKey(pageId, version));
  if (stale.length) await bucket.delete(stale);
}

/** Delete every object a page has (photo, cards). Used when the page or its account is deleted. */
export async function deletePageMedia(bucket: R2Bucket, pageId: string): Promise<void> {
  const keys = await listKeys(bucket, `pages/${pageId}/`);
  // R2 deletes at most 1,000 keys per call.
  for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
}

async function listKeys(bucket: R2Bucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}
