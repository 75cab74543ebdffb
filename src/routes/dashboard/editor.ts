import { Hono, type Context } from "hono";
import { updatePage } from "../../actions/update-page";
import type { AppEnv } from "../../env";
import { linkPageStub } from "../../link-page/stub";
import { WCAG_AA_TEXT } from "../../lib/contrast";
import { publicOrigin } from "../../lib/origin";
import { PRESETS } from "../../link-page/themes";
import { PatchPageSchema } from "../../schemas/page";
import { EditorPage, type EditorProps } from "../../views/dashboard/editor";
import type { FieldErrors } from "../../views/dashboard/fields";
import { DashNotFound } from "../../views/dashboard/shell";
import { ClaimDraftPage } from "../../views/dashboard/unclaimed";
import { clearedFreshCookie, hasFreshCookie } from "../../auth/draft-cookie";
import { findPageBySlug, type PageIndexRow } from "../../db/pages";
import { applyOp, colourProblems, draftFromForm, draftFromPage, patchFromDraft, WCAG_AA_NON_TEXT, type EditorDraft } from "./editor-form";
import { formString, zodFieldErrors } from "./forms";
import { dashEmail, draftHolds, ownedPage, sendDashboard, type DashStatus } from "./guard";
import { unclaimedExpiry } from "./start";
import { PHOTO_FLASHES } from "./photo";
import { RELEASED_SLUG_HOLD_DAYS } from "../../lib/policy";
import { SlugSchema } from "../../schemas/slug";
import { proSummary } from "./pro-data";

/** What the editor's script needs to check contrast as the server does (the preview itself is server-rendered). */
const THEME_DATA = {
  presets: PRESETS,
  aaText: WCAG_AA_TEXT,
  aaNonText: WCAG_AA_NON_TEXT,
};

const FLASHES: Record<string, string> = {
  created: "Your page is live. Add your links, pick a look, then share it.",
  claimed: "The page is yours now: its claim token no longer works.",
  saved: "Saved. Your public page shows the changes now.",
  renamed: `Your page has its new address. The old one sends visitors here for ${RELEASED_SLUG_HOLD_DAYS} days: update printed QR codes and shared links.`,
};

/** Why a new address was refused, in the change-address form's words. */
const RENAME_REFUSED: Record<string, string> = {
  taken: "That address belongs to another page.",
  recently_released: `That address was let go of less than ${RELEASED_SLUG_HOLD_DAYS} days ago and is held until then.`,
  failed: "The change failed and nothing changed. Please try again.",
  pending: "The change could not be finished right now; it finishes by itself within a minute. Reload this page then.",
};

type Extra = Pick<EditorProps, "errors"> & Partial<Pick<EditorProps, "flash" | "conflict" | "deleteMismatch" | "pro" | "unclaimed" | "avatar" | "rename">>;

function renderEditor(c: Context<AppEnv>, slug: string, plan: "free" | "pro", etag: string, draft: EditorDraft, extra: Extra, status: DashStatus = 200) {
  const props: EditorProps = { email: dashEmail(c), origin: publicOrigin(c), slug, plan, etag, draft, themeData: THEME_DATA, ...extra };
  return sendDashboard(c, EditorPage(props), status);
}

/**
 * Without an account, the editor says when the page expires and how to keep it; the claim token is
 * shown in full once, on the first view after creating the page (the "fresh" cookie), then cleared.
 */
async function unclaimedInfo(c: Context<AppEnv>, row: PageIndexRow): Promise<EditorProps["unclaimed"]> {
  if (dashEmail(c) !== null) return undefined;
  const token = hasFreshCookie(c.req.url, c.req.header("cookie")) ? await draftHolds(c, row) : null;
  if (token) c.header("set-cookie", clearedFreshCookie(c.req.url), { append: true });
  return { expiresAt: unclaimedExpiry(row.created_at).toISOString(), ...(token ? { token } : {}) };
}

/** The page editor. The script saves through PATCH /dashboard/api/v1/pages/{slug} with If-Match; this POST is the no-JS path. */
export const editorRoutes = new Hono<AppEnv>()
  .get("/pages/:slug", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    const res = row && (await linkPageStub(c.env, row.slug).get());
    if (!row || !res) {
      // Signed in, with this browser still holding the page's claim token: offer to claim it.
      const held = dashEmail(c) !== null ? await findPageBySlug(c.env.DB, (c.req.param("slug") ?? "").toLowerCase()) : null;
      if (held && (await draftHolds(c, held))) return sendDashboard(c, ClaimDraftPage({ email: dashEmail(c), slug: held.slug }));
      return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    }
    const flashKey = Object.keys(FLASHES).find((k) => c.req.query(k) !== undefined);
    return renderEditor(c, row.slug, res.page.plan, res.etag, draftFromPage(res.page), {
      errors: {},
      flash: PHOTO_FLASHES[c.req.query("photo") ?? ""] ?? (flashKey ? { text: FLASHES[flashKey]! } : undefined),
      avatar: res.page.avatar,
      deleteMismatch: c.req.query("delete") === "mismatch",
      pro: dashEmail(c) !== null ? await proSummary(c.env.DB, row.id, res.page.emailSignup.enabled) : undefined,
      unclaimed: await unclaimedInfo(c, row),
    });
  })
  .post("/pages/:slug", async (c) => {
    const row = await ownedPage(c, c.req.param("slug"));
    const stub = row && linkPageStub(c.env, row.slug);
    const cur = stub && (await stub.get());
    if (!row || !stub || !cur) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    const form = await c.req.parseBody();
    const op = formString(form.op) || "save";
    const etag = formString(form.etag) || cur.etag;
    const draft = draftFromForm(form);
    if (op !== "save") return renderEditor(c, row.slug, cur.page.plan, etag, applyOp(draft, op), { errors: {} });

    const errors: FieldErrors = {};
    const colours = colourProblems(draft.theme);
    const parsed = PatchPageSchema.safeParse(patchFromDraft(draft));
    if (!parsed.success) Object.assign(errors, zodFieldErrors(parsed.error));
    for (const [field, message] of Object.entries(colours)) errors[field] ??= message;
    if (!parsed.success || Object.keys(colours).length) return renderEditor(c, row.slug, cur.page.plan, etag, draft, { errors }, 400);

    // Same action (and page.updated event) as PATCH /api/v1/pages/{slug}, whichever form it came through.
    const res = await updatePage(c.env, row, parsed.data, { ifMatch: etag }, c.executionCtx);
    if (res.ok) return c.redirect(`/dashboard/pages/${row.slug}?saved=1`, 303);
    if (res.reason === "stale") return renderEditor(c, row.slug, cur.page.plan, etag, draft, { errors: {}, conflict: true }, 412);
    if (res.reason === "invalid") return renderEditor(c, row.slug, cur.page.plan, etag, draft, { errors: { [res.field.join(".")]: res.message } }, 400);
    return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
  })
  .post("/pages/:slug/rename", async (c) => {
    // The no-JS change-address form: the same action (and page.updated event) as PATCH { slug }.
    const row = await ownedPage(c, c.req.param("slug"));
    const cur = row && (await linkPageStub(c.env, row.slug).get());
    if (!row || !cur) return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
    const form = await c.req.parseBody();
    const value = formString(form.slug).trim();
    const etag = formString(form.etag) || cur.etag;
    const again = (error: string, status: DashStatus) =>
      renderEditor(c, row.slug, cur.page.plan, cur.etag, draftFromPage(cur.page), { errors: {}, rename: { value, error } }, status);
    const parsed = SlugSchema.safeParse(value);
    if (!parsed.success) return again(`This address ${parsed.error.issues[0]?.message ?? "is not valid"}.`, 400);
    if (parsed.data === row.slug) return again("That is already this page's address.", 400);
    const res = await updatePage(c.env, row, { slug: parsed.data }, { ifMatch: etag }, c.executionCtx);
    if (res.ok) return c.redirect(`/dashboard/pages/${res.page.slug}?renamed=1`, 303);
    if (res.reason === "stale") return renderEditor(c, row.slug, cur.page.plan, cur.etag, draftFromPage(cur.page), { errors: {}, conflict: true }, 412);
    if (res.reason in RENAME_REFUSED) return again(RENAME_REFUSED[res.reason]!, res.reason === "taken" || res.reason === "recently_released" ? 409 : 503);
    return sendDashboard(c, DashNotFound({ email: dashEmail(c) }), 404);
  });
