import { Hono, type Context } from "hono";
import { claimTokenMatches } from "../../auth/claim-token";
import { clearedDraftCookies, draftCookies } from "../../auth/draft-cookie";
import { CLAIM_PROBLEM, claimPage } from "../../actions/claim-page";
import { createPage } from "../../actions/create-page";
import { findPageBySlug, type PageIndexRow } from "../../db/pages";
import type { AppEnv } from "../../env";
import { sendPage } from "../../lib/html";
import { orProblem } from "../../lib/result";
import { publicOrigin } from "../../lib/origin";
import { UNCLAIMED_PAGE_TTL_DAYS } from "../../lib/policy";
import { getActor } from "../../middleware/auth";
import { sameOriginForm } from "../../middleware/csrf";
import { callerKey } from "../../middleware/rate-limit";
import { CreatePageSchema } from "../../schemas/page";
import { isValidSlug } from "../../schemas/slug";
import { HomePage, type HomeProps } from "../../views/home";
import { formString, refusalFieldErrors, zodFieldErrors } from "./forms";
import { draftHolds } from "./guard";

/** When an unclaimed page created at `createdAt` is deleted (the daily clean-up). */
export const unclaimedExpiry = (createdAt: string): Date => new Date(Date.parse(createdAt) + UNCLAIMED_PAGE_TTL_DAYS * 86_400_000);

function landing(c: Context<AppEnv>, props: Omit<HomeProps, "origin">, status: 400 | 403 | 404 | 429) {
  return sendPage(c, HomePage({ origin: publicOrigin(c), ...props }), status).then((res) => {
    res.headers.set("cache-control", "no-store");
    return res;
  });
}

/** Keep this browser in `row` (its claim token in the draft cookie) and open its editor. */
function toEditor(c: Context<AppEnv>, row: Pick<PageIndexRow, "slug" | "created_at">, token: string, fresh: boolean) {
  const maxAge = (unclaimedExpiry(row.created_at).getTime() - Date.now()) / 1000;
  const headers = new Headers({ location: `/dashboard/pages/${row.slug}${fresh ? "?created=1" : ""}`, "cache-control": "no-store" });
  for (const cookie of draftCookies(c.req.url, token, maxAge, fresh)) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/**
 * Starting without an account (docs/onboarding.md): `/`'s form creates an unclaimed page through the
 * same action and limits as POST /api/v1/pages, and the "continue editing" form lets a creator back in
 * with the claim token. Both work without JavaScript and answer the landing page again on a problem.
 */
export const startRoutes = new Hono<AppEnv>()
  .get("/start", (c) => c.redirect("/#start", 303))
  .post("/start", sameOriginForm, async (c) => {
    const form = await c.req.parseBody();
    const values = { slug: formString(form.slug).trim(), displayName: formString(form.displayName) };
    const parsed = CreatePageSchema.safeParse(values);
    if (!parsed.success) return landing(c, { start: { ...values, errors: zodFieldErrors(parsed.error) } }, 400);
    const actor = await getActor(c);
    const owner = actor.kind === "user" && actor.via === "session" ? actor.user : null;
    const result = await createPage(c.env, parsed.data, owner, await callerKey(c));
    if (result.ok) {
      const { created } = result;
      if (!created.claimToken) return c.redirect(`/dashboard/pages/${created.page.slug}?created=1`, 303);
      return toEditor(c, { slug: created.page.slug, created_at: created.page.createdAt }, created.claimToken, true);
    }
    if (result.reason === "slug_unavailable") return landing(c, { start: { ...values, errors: refusalFieldErrors(result, "slug") } }, 400);
    const res = await landing(c, { start: { ...values, errors: {} }, alert: "Too many new pages from here in a short time. Please try again in a minute." }, 429);
    res.headers.set("retry-after", "60");
    return res;
  })
  .post("/continue", sameOriginForm, async (c) => {
    const form = await c.req.parseBody();
    const slug = formString(form.slug).trim().toLowerCase().replace(/^.*\//, ""); // a pasted address works too
    const token = formString(form.claimToken).trim();
    const errors: Record<string, string> = {};
    if (!slug) errors.slug = "Enter the page's address.";
    if (!token) errors.claimToken = "Paste the claim token you saved (it starts with mlc_).";
    if (Object.keys(errors).length) return landing(c, { continue: { slug, errors } }, 400);
    const row = isValidSlug(slug) ? await findPageBySlug(c.env.DB, slug) : null;
    // One answer for "no such page", "already claimed" and "wrong token": the form tells no one which.
    if (!row || row.owner_id !== null || !(await claimTokenMatches(token, row.claim_token_hash))) {
      return landing(c, { continue: { slug, errors: { claimToken: "This claim token does not match an unclaimed page with this address." } } }, 403);
    }
    return toEditor(c, row, token, false);
  });

/** Signed in with the draft cookie still set: move the unclaimed page into the account (one POST). */
export const claimDraftRoutes = new Hono<AppEnv>().post("/pages/:slug/claim", async (c) => {
  const user = c.get("user")!;
  const row = await findPageBySlug(c.env.DB, (c.req.param("slug") ?? "").toLowerCase());
  const token = row && (await draftHolds(c, row));
  if (!row || !token) return c.redirect("/dashboard#claim", 303);
  orProblem(await claimPage(c.env, row.slug, token, user), CLAIM_PROBLEM);
  const headers = new Headers({ location: `/dashboard/pages/${row.slug}?claimed=1`, "cache-control": "no-store" });
  for (const cookie of clearedDraftCookies(c.req.url)) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
});

/** The claim token as a text file, for the creator whose browser holds it (never for anyone else). */
export const claimTokenFileRoutes = new Hono<AppEnv>().get("/pages/:slug/claim-token.txt", async (c) => {
  const row = await findPageBySlug(c.env.DB, (c.req.param("slug") ?? "").toLowerCase());
  const token = row && (await draftHolds(c, row));
  if (!row || !token) return c.text("No unclaimed page of yours has this address.", 404, { "cache-control": "no-store" });
  const origin = publicOrigin(c);
  const text = [
    `MeLinks claim token for ${origin}/${row.slug}`,
    "",
    token,
    "",
    "Keep it private: whoever has it can edit the page and claim it into an account.",
    `To edit from another browser: ${origin}/#continue (address + this token).`,
    `To keep the page for good: sign in at ${origin}/login and claim it. Unclaimed, it is deleted on ${unclaimedExpiry(row.created_at).toISOString().slice(0, 10)}.`,
    "",
  ].join("\n");
  return c.text(text, 200, {
    "cache-control": "no-store",
    "content-disposition": `attachment; filename="melinks-${row.slug}-claim-token.txt"`,
  });
});
