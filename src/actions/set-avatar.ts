import type { PageIndexRow } from "../db/pages";
import { linkPageStub } from "../link-page/stub";
import { reencodeAvatar, type AvatarType, type ReencodeResult } from "../media/avatar-codec";
import { deleteAvatar, putAvatar, type StoredAvatar } from "../media/photos";
import type { PageResult } from "../link-page/types";

export type SetAvatarResult = PageResult | Extract<ReencodeResult, { ok: false }> | { ok: false; reason: "not_found" };

/**
 * Re-encode an uploaded photo, store it in R2 under its hash, point the page at it, then delete the
 * photo it replaced (docs/storage.md#r2-photos). If the page went away meanwhile, the new object goes too.
 */
export async function setAvatar(env: Cloudflare.Env, row: PageIndexRow, bytes: Uint8Array, type: AvatarType): Promise<SetAvatarResult> {
  const image = reencodeAvatar(bytes, type);
  if (!image.ok) return image;
  const hash = await putAvatar(env.PHOTOS, row.id, image.jpeg);
  const res = await linkPageStub(env, row.slug).setAvatar({ hash, width: image.width, height: image.height }, { pageId: row.id, now: new Date().toISOString() });
  if (!res) {
    await deleteAvatar(env.PHOTOS, row.id, hash);
    return { ok: false, reason: "not_found" };
  }
  await dropReplaced(env, row.id, res.previous, hash);
  return { ok: true, page: res.page, etag: res.etag };
}

/** Remove the photo: the page shows its initial again. */
export async function removeAvatar(env: Cloudflare.Env, row: PageIndexRow): Promise<PageResult | { ok: false; reason: "not_found" }> {
  const res = await linkPageStub(env, row.slug).setAvatar(null, { pageId: row.id, now: new Date().toISOString() });
  if (!res) return { ok: false, reason: "not_found" };
  await dropReplaced(env, row.id, res.previous, null);
  return { ok: true, page: res.page, etag: res.etag };
}

async function dropReplaced(env: Cloudflare.Env, pageId: string, previous: StoredAvatar | null, current: string | null): Promise<void> {
  // The same bytes uploaded twice have the same key: that object is the current photo, keep it.
  if (previous && previous.hash !== current) await deleteAvatar(env.PHOTOS, pageId, previous.hash);
}
