import { oldAddressesOf } from "../db/released-slugs";
import { linkPageStub } from "../link-page/stub";

/**
 * Tell the addresses a page renamed away from (still held for it) where it is now — `to` — or that it
 * is gone (null), so each redirects in one hop or stops redirecting (docs/rename.md#the-old-address).
 * Best effort, after the rename or delete has happened: a failure is logged and that address keeps its
 * older answer until its hold ends.
 */
export async function tellOldAddresses(env: Cloudflare.Env, pageId: string, to: string | null, except: string | null): Promise<void> {
  try {
    const slugs = await oldAddressesOf(env.DB, pageId, except);
    const told = await Promise.allSettled(slugs.map((slug) => linkPageStub(env, slug).followMove(pageId, to)));
    told.forEach((t, i) => t.status === "rejected" && console.error(`old address ${slugs[i]} of ${pageId} not told it ${to ? `moved to ${to}` : "is gone"}`, t.reason));
  } catch (err) {
    console.error(`old addresses of ${pageId} not told it ${to ? `moved to ${to}` : "is gone"}`, err);
  }
}
