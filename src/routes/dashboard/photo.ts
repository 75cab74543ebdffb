import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { removeAvatar, setAvatar } from "../../actions/set-avatar";
import type { AppEnv } from "../../env";
import { AVATAR_MAX_UPLOAD_BYTES, AVATAR_TYPES } from "../../lib/policy";
import type { AvatarType } from "../../media/avatar-codec";
import { DashNotFound } from "../../views/dashboard/shell";
import { dashEmail, ownedPage, sendDashboard } from "./guard";

const MB = AVATAR_MAX_UPLOAD_BYTES / (1024 * 1024);

/** What the editor says after a photo form (`?photo=…`): the outcome of the same action the API runs. */
export const PHOTO_FLASHES: Record<string, { kind?: "error"; text: string }> = {
  saved: { text: "Photo saved. Your public page shows it now." },
  removed: { text: "Photo removed. Your page shows your initial again." },
  missing: { kind: "error", text: "Choose a photo to upload first." },
  unsupported: { kind: "error", text: "That file type isn't supported: use a JPEG, PNG or WebP photo." },
  type_mismatch: { kind: "error", text: "That file isn't the kind of image its name says. Try saving it again as JPEG or PNG." },
  undecodable: { kind: "error", text: "That file couldn't be read as an image. Try another photo." },
  too_many_pixels: { kind: "error", text: "That photo has too many pixels. Scale it down (e.g. to 2000 × 2000) and try again." },
  too_large: { kind: "error", text: `That file is larger than ${MB} MB. Try a smaller photo.` },
};

const back = (slug: string, outcome: keyof typeof PHOTO_FLASHES) => `/dashboard/pages/${slug}?photo=${outcome}#photo`;

/**
 * The photo forms of the editor, for browsers without JavaScript (the script crops and PUTs to the
 * API instead). Multipart adds a little to the file itself, hence the slack over the file limit.
 */
export const photoRoutes = new Hono<AppEnv>()
  .post(
    "/pages/:slug/avatar",
    bodyLimit({ maxSize: AVATAR_MAX_UPLOAD_BYTES + 64 * 1024, onError: (c) => c.redirect(back(c.req.param("slug") ?? "", "too_large"), 303) }),
    async (c) => {
      const row = await ownedPage(c, c.req.param("slug"));
      if (!row) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
      const file = (await c.req.parseBody()).photo;
      if (!(file instanceof File) || file.size === 0) return c.redirect(back(row.slug, "missing"), 303);
      if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) return c.redirect(back(row.slug, "unsupported"), 303);
      const res = await setAvatar(c.env, row, new Uint8Array(await file.arrayBuffer()), file.type as AvatarType);
      if (res.ok) return c.redirect(back(row.slug, "saved"), 303);
      if (res.reason === "not_found") return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
      return c.redirect(back(row.slug, res.reason), 303);
    },
  )
  .post("/pages/:slug/avatar/delete", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    const res = row && (await removeAvatar(c.env, row));
    if (!row || !res?.ok) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    return c.redirect(back(row.slug, "removed"), 303);
  });
