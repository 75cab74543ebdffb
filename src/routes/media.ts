import { Hono } from "hono";
import { findPageById } from "../db/pages";
import type { AppEnv } from "../env";
import { linkPageStub } from "../link-page/stub";
import { publicOrigin } from "../lib/origin";
import { MEDIA_CACHE_CONTROL } from "../lib/policy";
import { cardPath, getAvatar, getCard, HASH_RE, PAGE_ID_RE, putCard } from "../media/photos";
import { renderShareCard } from "../media/share-card";

const CARD_NAME = /^(pg_[A-Za-z0-9_-]{1,32})-(\d{1,9})\.png$/;

const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
const image = (body: ReadableStream | Uint8Array, type: string) =>
  new Response(body, { headers: { "content-type": type, "cache-control": MEDIA_CACHE_CONTROL } });

/**
 * Page media from our own origin (docs/storage.md#r2-photos): profile photos at an address made of
 * their content hash, and share cards at an address made of the page version, so both are cached
 * for good. Mounted before the public pages; "media" is a reserved slug.
 */
export const mediaRoutes = new Hono<AppEnv>()
  .get("/card/:name", async (c) => {
    const m = CARD_NAME.exec(c.req.param("name"));
    if (!m) return notFound();
    const [pageId, version] = [m[1]!, Number(m[2])];
    const stored = await getCard(c.env.PHOTOS, pageId, version);
    if (stored) return image(stored.body, "image/png");
    const row = await findPageById(c.env.DB, pageId);
    const facts = row && (await linkPageStub(c.env, row.slug).cardFacts());
    if (!row || !facts || facts.pageId !== pageId) return notFound();
    // An older version's card: send the crawler to the current one (not cached: it moves on every edit).
    if (facts.version !== version) return c.redirect(cardPath(pageId, facts.version), 302);
    const address = `${new URL(publicOrigin(c)).host}/${row.slug}`;
    const png = renderShareCard({ displayName: facts.displayName, theme: facts.theme, address });
    c.executionCtx.waitUntil(putCard(c.env.PHOTOS, pageId, version, png));
    return image(png, "image/png");
  })
  .get("/:pageId/:file", async (c) => {
    const pageId = c.req.param("pageId");
    const hash = /^(.+)\.jpg$/.exec(c.req.param("file"))?.[1];
    if (!PAGE_ID_RE.test(pageId) || !hash || !HASH_RE.test(hash)) return notFound();
    const obj = await getAvatar(c.env.PHOTOS, pageId, hash);
    return obj ? image(obj.body, "image/jpeg") : notFound();
  });
