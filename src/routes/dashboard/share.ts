import { Hono, type Context } from "hono";
import { renderSVG } from "uqr";
import type { AppEnv } from "../../env";
import { linkPageStub } from "../../link-page/stub";
import { publicOrigin } from "../../lib/origin";
import { applyPatch } from "../../link-page/page-edits";
import { renderPublicPage } from "../../link-page/render";
import { storedAvatarOf } from "../../media/photos";
import { qrPng } from "../../media/qr-png";
import type { StoredPage } from "../../link-page/store";
import { DashNotFound } from "../../views/dashboard/shell";
import { formString } from "./forms";
import { dashEmail, ownedPage, sendDashboard } from "./guard";
import { previewPatch } from "./preview-draft";

/**
 * The page through the public renderer, for the editor's frame. Links point straight at their URLs
 * (a preview click is not a visitor's click) and open in a new tab. The signup form is drawn but
 * inert, and the CSP forbids form submissions: a preview never subscribes anyone.
 */
async function sendPreview(c: Context<AppEnv>, page: StoredPage) {
  const rendered = await renderPublicPage(page, publicOrigin(c), Date.now(), { directLinks: true, inertSignup: true, preview: true });
  const html = rendered.html.replace("<head>", '<head><base target="_blank">');
  return c.html(html, 200, {
    "content-security-policy": rendered.csp,
    "x-frame-options": "SAMEORIGIN",
    "cache-control": "no-store",
  });
}

/** Ids for draft items not saved yet: never stored, and preview links don't use ids. */
const DRAFT_IDS = { link: () => "draft", social: () => "draft" };

/** The editor's preview frame and the page's QR code (SVG and PNG). */
export const shareRoutes = new Hono<AppEnv>()
  .get("/pages/:slug/preview", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    const res = row && (await linkPageStub(c.env, row.slug).get());
    if (!row || !res) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    const page = { ...res.page, theme: res.page.theme as StoredPage["theme"], pageId: row.id, version: 0, status: "active" as const, avatar: storedAvatarOf(res.page.avatar) };
    return sendPreview(c, page);
  })
  // The editor posts its unsaved draft (the PATCH body it would save) into the frame: what the frame
  // shows is the real renderer's output, icons, photo and theme included, not a script's imitation.
  .post("/pages/:slug/preview", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    const res = row && (await linkPageStub(c.env, row.slug).get());
    if (!row || !res) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    const saved = { ...res.page, theme: res.page.theme as StoredPage["theme"], pageId: row.id, version: 0, status: "active" as const, avatar: storedAvatarOf(res.page.avatar) };
    let draft: unknown = null;
    try {
      draft = JSON.parse(formString((await c.req.parseBody()).draft) || "null");
    } catch {
      draft = null; // an unreadable draft previews the saved page
    }
    const edit = applyPatch(saved, previewPatch(draft), { now: new Date().toISOString() }, DRAFT_IDS);
    return sendPreview(c, edit.ok ? edit.page : saved);
  })
  .get("/pages/:slug/qr.svg", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    if (!row) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    const url = `${publicOrigin(c)}/${row.slug}`;
    // uqr encodes the QR code (ECC level M survives a little print damage); we only serialise it.
    const raw = renderSVG(url, { ecc: "M", border: 2 });
    const size = /viewBox="0 0 (\d+) \d+"/.exec(raw)?.[1] ?? "290";
    const svg = raw.replace("<svg ", `<svg shape-rendering="crispEdges" width="${size}" height="${size}" `);
    const headers: Record<string, string> = { "content-type": "image/svg+xml; charset=utf-8" };
    if (c.req.query("download") !== undefined) headers["content-disposition"] = `attachment; filename="melinks-${row.slug}-qr.svg"`;
    return c.body(svg, 200, headers);
  })
  .get("/pages/:slug/qr.png", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    if (!row) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    const { png } = qrPng(`${publicOrigin(c)}/${row.slug}`);
    const headers: Record<string, string> = { "content-type": "image/png" };
    if (c.req.query("download") !== undefined) headers["content-disposition"] = `attachment; filename="melinks-${row.slug}-qr.png"`;
    return c.body(png as Uint8Array<ArrayBuffer>, 200, headers);
  });
