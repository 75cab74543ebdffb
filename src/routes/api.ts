import { OpenAPIHono } from "@hono/zod-openapi";
import { publicOrigin } from "../lib/origin";
import type { AppEnv } from "../env";
import { PUBLIC_DOCUMENT } from "../lib/cache-control";
import { withIdempotency } from "../lib/openapi-idempotency";
import { validationHook } from "../lib/validation-hook";
import { idempotency } from "../middleware/idempotency";
import { writeLimit } from "../middleware/rate-limit";
import { adminApi } from "./admin";
import { analyticsApi } from "./analytics";
import { authApi } from "./auth";
import { avatarApi } from "./avatar";
import { exportApi } from "./export";
import { importsApi } from "./imports";
import { meApi } from "./me";
import { pagesApi } from "./pages";
import { slugsApi } from "./slugs";
import { subscribersApi } from "./subscribers";
import { webhooksApi } from "./webhooks";

/** The JSON API under /api/v1, described by the OpenAPI 3.1 document generated from its zod schemas. */
export const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

// Body sizes: the global bodySizeLimit in app.ts (MAX_BODY_BYTES here). Writes: docs/limits.md#write.
api.use("*", writeLimit);
// Idempotency-Key on every POST (docs/storage.md#idempotency_keys-0013); after writeLimit, before any route.
api.use("*", idempotency);
api.openAPIRegistry.registerComponent("securitySchemes", "ClaimToken", {
  type: "http",
  scheme: "bearer",
  description: "The `mlc_…` claim token returned once when a page is created without an account",
});
api.openAPIRegistry.registerComponent("securitySchemes", "ApiKey", {
  type: "http",
  scheme: "bearer",
  description: "An `mlk_…` API key from POST /api-keys (or the dashboard)",
});
api.openAPIRegistry.registerComponent("securitySchemes", "Session", {
  type: "apiKey",
  in: "cookie",
  name: "__Host-melinks_session",
  description: "The browser session set by signing in with a magic link; unsafe requests must be same-origin",
});
api.openAPIRegistry.registerComponent("securitySchemes", "AdminToken", { type: "http", scheme: "bearer", description: "The operator's ADMIN_TOKEN" });
api.route("/", authApi);
api.route("/", meApi);
api.route("/", adminApi);
api.route("/", pagesApi);
api.route("/", avatarApi);
api.route("/", analyticsApi);
api.route("/", subscribersApi);
api.route("/", webhooksApi);
api.route("/", slugsApi);
api.route("/", exportApi);
api.route("/", importsApi);

// The API description is the same for everyone: cacheable, unlike every other answer here.
api.use("/openapi.json", async (c, next) => {
  await next();
  c.res.headers.set("cache-control", PUBLIC_DOCUMENT);
});
// Generated from the routes' zod schemas, plus the Idempotency-Key every POST takes (lib/openapi-idempotency.ts).
api.get("/openapi.json", (c) =>
  c.json(
    withIdempotency(
      api.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "MeLinks API",
          version: "1.0.0",
          description: "Pages, links and analytics of MeLinks, a privacy-first link-in-bio service. Errors are RFC 9457 problem+json.",
        },
        servers: [{ url: new URL("/api/v1", publicOrigin(c)).href }],
      }),
    ),
  ),
);
