// The page DO's HTML: the public page (cached in render-memory.ts) and the self-contained export copy.
import type { SignupState } from "../views/public-page";
import { bufferViewBatches, withOwnView } from "./click-rpcs";
import type { PageCore } from "./page-core";
import { renderPublicPage, type RenderedPage } from "./render";
import type { CarriedViews } from "./types";

/**
 * The public page HTML, or null when there is no page. Cached until an edit or a schedule boundary;
 * the caller may reuse it for PAGE_CACHE_TTL_MS (edits wait that out, allowing for clock skew: edit-rpcs.ts `save`).
 * `origin`: where its absolute addresses (og:url, og:image) point — the Worker's publicOrigin.
 */
export async function render(
  core: PageCore,
  now: number,
  signup: SignupState,
  origin: string,
  views?: CarriedViews,
): Promise<(RenderedPage & { referrerKey?: string; hot?: boolean }) | null> {
  await core.settled();
  const page = core.load();
  if (!page) {
    const movedTo = core.moves.movedTo(now);
    return movedTo ? core.renders.moved(movedTo.slug, movedTo.until) : core.renders.missing();
  }
  const rendered = await core.renders.render(page, origin, now, signup, () => core.page ?? null);
  // Views riding on this call (actions/count-views.ts): the request's own counts only if it gets the page.
  if (views) await bufferViewBatches(core, withOwnView(views, !rendered.gone));
  // Pro pages sign the referrer domain they carry to their links (lib/referrer.ts): the Worker signs with this key.
  const referrerKey = rendered.plan === "pro" && !rendered.gone ? core.keyForReferrers() : undefined;
  // Many isolates render it: they should share it per location (lib/location-cache.ts).
  const hot = core.renders.hot();
  return referrerKey || hot ? { ...rendered, referrerKey, hot } : rendered;
}

/**
 * A self-contained copy of the public page (export): links point straight at their URLs, our own
 * addresses are absolute, and the photo is the data: URI the caller read from R2.
 */
export async function staticHtml(core: PageCore, now: number, avatarSrc: string | undefined, origin: string): Promise<string | null> {
  await core.settled();
  const page = core.load();
  return page ? (await renderPublicPage(page, origin, now, { standalone: { avatarSrc } })).html : null;
}
