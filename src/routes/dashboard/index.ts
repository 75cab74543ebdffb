import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { accountRoutes } from "./account";
import { analyticsRoutes } from "./analytics";
import { editorRoutes } from "./editor";
import { requireSession } from "./guard";
import { homeRoutes } from "./home";
import { photoRoutes } from "./photo";
import { proRoutes } from "./pro";
import { shareRoutes } from "./share";

/** /dashboard: the owner's web app. Every route needs a signed-in browser session (else → /login?next=…). */
export const dashboardRoutes = new Hono<AppEnv>()
  .use("*", requireSession)
  .route("/", homeRoutes)
  .route("/", editorRoutes)
  .route("/", shareRoutes)
  .route("/", photoRoutes)
  .route("/", analyticsRoutes)
  .route("/", proRoutes)
  .route("/", accountRoutes);
