import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { accountRoutes } from "./account";
import { analyticsRoutes } from "./analytics";
import { editorRoutes } from "./editor";
import { writeLimit } from "../../middleware/rate-limit";
import { requireEditor, requireSession } from "./guard";
import { homeRoutes } from "./home";
import { proRoutes } from "./pro";
import { shareRoutes } from "./share";
import { claimDraftRoutes, claimTokenFileRoutes, startRoutes } from "./start";

/** The page screens a creator without an account may open (their guard is requireEditor). */
const EDITOR_SUBPATHS = /^\/dashboard\/pages\/[^/]+\/(preview|qr\.svg|claim-token\.txt|analytics(\/fragment|\.csv)?)$/;

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
  .use("/pages/:slug", requireEditor)
  .use("/pages/:slug/*", async (c, next) => (EDITOR_SUBPATHS.test(c.req.path) ? requireEditor(c, next) : next()))
  .route("/", editorRoutes)
  .route("/", claimTokenFileRoutes)
  .route("/", shareRoutes)
  .route("/", analyticsRoutes)
  .use("*", requireSession)
  .route("/", homeRoutes)
  .route("/", proRoutes)
  .route("/", accountRoutes);
