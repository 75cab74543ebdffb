// The page DO's content RPCs: create, read, edit (PATCH, photo, ownership, status) and delete. If-Match
// and "is this still the page the router looked up" are checked here, in the DO's single thread.
import { CLAIM_TAG, LIVE_CLOSE } from "../lib/live-tags";
import type { StoredAvatar } from "../media/photos";
import type { PatchPageInput, Plan } from "../schemas/page";
import { closeSockets } from "./live/sockets";
import type { PageCore } from "./page-core";
import { applyPatch, matchesEtag, NEW_IDS, newPage, type NewPageInput } from "./page-edits";
import { etagOf, toPage, writePage, type PageStatus, type StoredPage } from "./store";
import type { PageResult, UpdateResult } from "./types";

/**
 * Store an edit; resolves once no Worker can still serve the page as it was before it (the DO waits
 * out the copies it handed out, docs/caching.md), so the caller's next view shows the edit.
 */
async function save(core: PageCore, page: StoredPage): Promise<void> {
  core.ensureSchema();
  core.ctx.storage.transactionSync(() => writePage(core.sql, page));
  core.page = page;
  await core.renders.changed();
}

const result = (core: PageCore, page: StoredPage): PageResult => ({ ok: true, page: toPage(page, core.env.APP_URL), etag: etagOf(page) });

/** Create the page. Refuses if this DO already holds one (the caller then undoes its D1 row). */
export async function create(core: PageCore, input: NewPageInput): Promise<PageResult | { ok: false; reason: "exists" }> {
  await core.settled();
  if (core.load()) return { ok: false, reason: "exists" };
  const page = newPage(input, NEW_IDS);
  if (core.hasSchema) core.sql.exec("DELETE FROM _meta WHERE key = 'moved_to'"); // an old page's tombstone: its hold is over
  closeSockets(core.ctx, null, LIVE_CLOSE.pageMoved, ""); // and that page's sockets, if any were still open
  core.moves.forget();
  await save(core, page);
  if (input.owned) core.ctx.storage.kv.put(`plan_version:${page.pageId}`, input.owned.planVersion); // as setOwnership
  return result(core, page);
}

export async function get(core: PageCore): Promise<PageResult | null> {
  await core.settled();
  const page = core.load();
  return page ? result(core, page) : null;
}

/** Apply a validated PATCH. If-Match is checked here, so two racing edits can't both win. */
export async function update(core: PageCore, patch: PatchPageInput, opts: { ifMatch?: string; now: string }): Promise<UpdateResult> {
  await core.settled();
  const cur = core.load();
  if (!cur) {
    const movedTo = core.moves.movedTo();
    return movedTo ? { ok: false, reason: "moved", slug: movedTo.slug } : { ok: false, reason: "not_found" };
  }
  const edit = applyPatch(cur, patch, opts, NEW_IDS);
  if (!edit.ok) return edit;
  await save(core, edit.page);
  return result(core, edit.page);
}

/**
 * Set or remove the profile photo (its bytes are already in R2). Answers the photo it replaced, so
 * the caller can delete that object, and the page's id, so a caller can tell a page re-created
 * under the slug since it looked (its upload then belongs to nobody and is deleted).
 */
export async function setAvatar(
  core: PageCore,
  avatar: StoredAvatar | null,
  opts: { pageId: string; now: string },
): Promise<(PageResult & { previous: StoredAvatar | null }) | null> {
  const cur = core.load();
  if (!cur || cur.pageId !== opts.pageId) return null;
  const page = { ...cur, avatar, version: cur.version + 1, updatedAt: opts.now };
  await save(core, page);
  return { ...result(core, page), previous: cur.avatar };
}

/**
 * Ownership facts D1 holds, copied here because rendering needs them (docs/plans.md#the-copy-in-each-pages-do).
 * A plan version older than one held is ignored. False when this DO holds no page `pageId`.
 */
export async function setOwnership(
  core: PageCore,
  o: { claimed: boolean; plan: Plan; planVersion: number; pageId?: string; now: string },
): Promise<boolean> {
  await core.settled();
  const cur = core.load();
  if (!cur || (o.pageId !== undefined && cur.pageId !== o.pageId)) return false;
  const versionKey = `plan_version:${cur.pageId}`;
  if ((core.ctx.storage.kv.get<number>(versionKey) ?? -1) > o.planVersion) return true;
  if (cur.claimed !== o.claimed || cur.plan !== o.plan) {
    await save(core, { ...cur, claimed: o.claimed, plan: o.plan, version: cur.version + 1, updatedAt: o.now });
  }
  core.ctx.storage.kv.put(versionKey, o.planVersion);
  // The claim token is spent: sockets opened with it end (the owner reconnects signed in).
  if (o.claimed && !cur.claimed) core.live.close(CLAIM_TAG, LIVE_CLOSE.pageClaimed, "page claimed");
  return true;
}

/** The operator's kill switch: takes the public page and its redirects down (410) at once. */
export async function setStatus(core: PageCore, status: PageStatus, now: string): Promise<boolean> {
  await core.settled();
  const cur = core.load();
  if (!cur) return false;
  await save(core, { ...cur, status, version: cur.version + 1, updatedAt: now });
  return true;
}

/** Remove everything this DO stores: content, click buffer, totals and the alarm. */
export async function destroy(core: PageCore, opts: { ifMatch?: string; pageId?: string }): Promise<{ ok: true } | { ok: false; etag: string }> {
  // Let an in-flight flush finish first: otherwise its D1 batch could land after the router has
  // deleted this page's aggregates, or its local cleanup could hit a re-created page's buffer.
  await core.settled();
  await core.flusher.settle();
  if (core.load()) await core.shards.wipe(); // click shards forget the page and its clicks first
  // Checked here, with nothing awaited before the wipe: If-Match, and that this is still the page
  // the router looked up (not one re-created under the slug since).
  const cur = core.load();
  if (cur && opts.pageId && cur.pageId !== opts.pageId) return { ok: true }; // that page is gone already
  if (opts.ifMatch && cur && !matchesEtag(opts.ifMatch, etagOf(cur))) return { ok: false, etag: etagOf(cur) };
  // Its owner's sockets end with it (here and at its old addresses): a page later created under this slug is someone else's.
  core.live.close(null, LIVE_CLOSE.pageDeleted, "page deleted");
  await core.ctx.storage.deleteAll();
  await core.ctx.storage.deleteAlarm();
  core.page = null;
  core.moves.forget();
  core.forgetReferrerKey();
  core.hasSchema = false;
  core.flusher.reset();
  core.shards.reset();
  await core.renders.changed();
  return { ok: true };
}
