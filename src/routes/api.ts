import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { validationHook } from "../lib/validation-hook";
import { apiBodyLimit } from "../middleware/body-limit";
import { analyticsApi } from "./analytics";
import { pagesApi } from "./pages";

/** The JSON API under /api/v1, described by the OpenAPI 3.1 document generated from its zod schemas. */
export const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

api.use("*", apiBodyLimit);
api.openAPIRegistry.registerComponent("securitySchemes", "ClaimToken", {
  type: "http",
  scheme: "bearer",
  description: "The `mlc_…` claim token returned once when a page is created without an account",
});
api.route("/", pagesApi);
api.route("/", analyticsApi);

api.doc31("/openapi.json", (c) => ({
  openapi: "3.1.0",
  info: {
    title: "MeLinks API",
    version: "1.0.0",
    description: "Pages, links and analytics of MeLinks, a privacy-first link-in-bio service. Errors are RFC 9457 problem+json.",
  },
  servers: [{ url: new URL("/api/v1", c.env.APP_URL).href }],
}));
