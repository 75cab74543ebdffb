import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { accountRoutes } from "./account";
import { analyticsRoutes } from "./analytics";
import { editorRoutes } from "./editor";
import { writeLimit } from "../../middleware/rate-limit";
import { requireEditor, requireSession } from "./guard";
import { homeRoutes } from "./home";
import { importRoutes } from "./import";
import { photoRoutes } from "./photo";
import { proRoutes } from "./pro";
import { shareRoutes } from "./share";
import { claimDraftRoutes, claimTokenFileRoutes, startRoutes } from "./start";

/** The page screens a creator without an account may open (their guard is requireEditor): the editor itself and these. */
const EDITOR_PATHS = /^\/dashboard\/pages\/[^/]+(\/(preview|qr\.(svg|png)|claim-token\.txt|avatar(\/delete)?|rename|analytics(\/fragment|\.csv)?))?$/;

/**
 * /dashboard: the owner's web app. Starting a page needs no account; a page's own screens are open to
 * its signed-in owner or, for an unclaimed page, to the browser holding its claim token in the draft
 * cookie (docs/onboarding.md); everything else needs a signed-in browser session (else → /login?next=…).
 * Every form post counts against the caller's `write` limit (the account's, shared with its API calls;
 * a client's without one — docs/limits.md#write); over it, a page in words (lib/page-errors.ts).
 * Order matters: a route registered before a `use` is answered before that middleware runs.
 */
export const dashboardRoutes = new Hono<AppEnv>()
  .use("*", writeLimit)
  .route("/", startRoutes)
  .use("/pages/:slug/claim", requireSession)
  .route("/", claimDraftRoutes)
  // ("/pages/:slug/*" matches "/pages/:slug" too.) Every other page screen (Pro, delete, rename…) is for the signed-in owner only.
  .use("/pages/:slug/*", async (c, next) => (EDITOR_PATHS.test(c.req.path) ? requireEditor(c, next) : requireSession(c, next)))
  .route("/", editorRoutes)
  .route("/", claimTokenFileRoutes)
  .route("/", shareRoutes)
  .route("/", photoRoutes)
  .route("/", analyticsRoutes)
  .use("*", requireSession)
  .route("/", homeRoutes)
  .route("/", importRoutes)
  .route("/", proRoutes)
  .route("/", accountRoutes);
