import { Hono } from "hono";
import type { AppEnv } from "./env";
import { sendPage } from "./lib/html";
import { handleAppError, isApiPath } from "./lib/page-errors";
import { problemResponse } from "./lib/problem";
import { bodySizeLimit } from "./middleware/body-limit";
import { csrf } from "./middleware/csrf";
import { securityHeaders } from "./middleware/security-headers";
import { api } from "./routes/api";
import { apiNotFound } from "./routes/api-not-found";
import { authPages } from "./routes/auth-pages";
import { dashboardRoutes } from "./routes/dashboard";
import { benchRoutes } from "./routes/bench";
import { devRoutes } from "./routes/dev";
import { docsRoutes } from "./routes/docs";
import { mediaRoutes } from "./routes/media";
import { mcpRoutes } from "./routes/mcp";
import { metaRoutes } from "./routes/meta";
import { publicRoutes } from "./routes/public";
import { reportRoutes } from "./routes/report";
import { signupPages } from "./routes/signup-pages";
import { NotFoundPage } from "./views/not-found";

export const app = new Hono<AppEnv>();

app.use("*", securityHeaders);
app.use("*", csrf);
app.use("*", bodySizeLimit); // before any route reads a body
app.route("/api/v1", api);
// The same API for the dashboard's scripts: under /dashboard, where the draft cookie of a creator
// without an account reaches (docs/onboarding.md#staying-in-your-page). Signed-in owners use it too.
app.route("/dashboard/api/v1", api);
app.route("/mcp", mcpRoutes); // MCP for assistants: API keys only (docs/mcp.md)
app.route("/dev", devRoutes);
app.route("/dashboard", dashboardRoutes);
app.route("/", authPages);
app.route("/", metaRoutes);
app.route("/docs", docsRoutes);
app.route("/__bench", benchRoutes); // 404 unless the bench sets BENCH=1
app.route("/report", reportRoutes);
app.route("/signup", signupPages); // a signup mail's confirm and remove links ("signup" is a reserved slug)
app.route("/media", mediaRoutes); // photos and share cards (before /:slug)
app.route("/", publicRoutes); // last: /:slug would otherwise shadow fixed paths

const apiMiss = apiNotFound(api, "/api/v1");
app.notFound((c) => {
  const path = new URL(c.req.url).pathname;
  if (path.startsWith("/api/v1/") || path === "/api/v1") return apiMiss(c);
  return isApiPath(path) ? problemResponse("not_found", `No route ${c.req.method} ${path}.`) : sendPage(c, NotFoundPage({}), 404);
});
app.onError(handleAppError);
