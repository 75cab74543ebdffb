import { deleteCountsStatements } from "../db/click-counts";
import { type PageIndexRow } from "../db/pages";
import { pruneReleasedStatement, releaseSlugStatement } from "../db/released-slugs";
import { deleteSubscribersStatement } from "../db/subscribers";
import { deleteWebhooksStatements } from "../db/webhooks";
import { linkPageStub } from "../link-page/stub";
import { deletePageMedia } from "../media/photos";
import { tellOldAddresses } from "./old-addresses";

/**
 * DO first, then its photo and cards in R2, then D1: if the D1 delete fails, the index row still authorises a retry, and the
 * public page is already gone. The reverse order could strand public content nobody can delete.
 * With `ifMatch`, the page is deleted only if it is still the version the caller saw (else 412).
 * The address is then held from everyone but the owner for RELEASED_SLUG_HOLD_DAYS (docs/rename.md).
 */
export async function deletePage(env: Cloudflare.Env, row: PageIndexRow, opts: { ifMatch?: string } = {}): Promise<{ ok: true } | { ok: false; etag: string }> {
  const gone = await linkPageStub(env, row.slug).destroy({ ifMatch: opts.ifMatch, pageId: row.id }); // content, click buffer, alarm
  if (!gone.ok) return gone; // If-Match did not match: nothing was deleted
  await deletePageMedia(env.PHOTOS, row.id); // docs/storage.md#r2-photos
  await env.DB.batch([
    ...deleteCountsStatements(env.DB, row.id),
    deleteSubscribersStatement(env.DB, row.id),
    ...deleteWebhooksStatements(env.DB, row.id),
    env.DB.prepare("DELETE FROM pages WHERE id = ?").bind(row.id),
    pruneReleasedStatement(env.DB, Date.now()),
    releaseSlugStatement(env.DB, { slug: row.slug, pageId: row.id, ownerId: row.owner_id, reason: "deleted", at: Date.now() }),
  ]);
  await tellOldAddresses(env, row.id, null, null); // addresses it was renamed away from stop redirecting to it
  return gone;
}
