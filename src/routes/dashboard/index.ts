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
  // A page's own screens, registered from here to requireSession, are open to its signed-in owner or
  // to the browser holding its unclaimed page's draft cookie ("/pages/:slug/*" matches "/pages/:slug"
  // too); which page that is, each screen asks ownedPage. Page screens registered after requireSession
  // (Pro, delete) need the signed-in owner: they pass requireEditor, then requireSession.
  .use("/pages/:slug/*", requireEditor)
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
