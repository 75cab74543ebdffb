import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { accountRoutes } from "./account";
import { analyticsRoutes } from "./analytics";
import { editorRoutes } from "./editor";
import { writeLimit } from "../../middleware/rate-limit";
import { requireSession } from "./guard";
import { homeRoutes } from "./home";
import { proRoutes } from "./pro";
import { shareRoutes } from "./share";

/**
 * /dashboard: the owner's web app. Every route needs a signed-in browser session (else → /login?next=…),
 * and every form post counts against the account's `write` limit, shared with its API calls
 * (docs/limits.md#write); over it, a page in words (lib/page-errors.ts).
 */
export const dashboardRoutes = new Hono<AppEnv>()
  .use("*", requireSession)
  .use("*", writeLimit)
  .route("/", homeRoutes)
  .route("/", editorRoutes)
  .route("/", shareRoutes)
  .route("/", analyticsRoutes)
  .route("/", proRoutes)
  .route("/", accountRoutes);
