// What an API client gets for a request no route answers: 405 with `Allow` when the path exists
// with other methods (PUT on a page), else 404 — both problem+json. The methods come from the same
// OpenAPI registry that documents the routes, so they cannot drift apart.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { problemResponse } from "../lib/problem";

type Route = { pattern: RegExp; method: string };

function routesOf(api: OpenAPIHono<AppEnv>): Route[] {
  return api.openAPIRegistry.definitions.flatMap((d) =>
    d.type === "route"
      ? [{ method: d.route.method.toUpperCase(), pattern: new RegExp(`^${d.route.path.replace(/\{[^/}]+\}/g, "[^/]+")}/?$`) }]
      : [],
  );
}

export function apiNotFound(api: OpenAPIHono<AppEnv>, prefix: string) {
  let routes: Route[] | null = null; // built on first use: the registry is complete by then
  return (c: Context<AppEnv>): Response => {
    const path = new URL(c.req.url).pathname;
    routes ??= routesOf(api);
    const rest = path.slice(prefix.length) || "/";
    // The operator routes do not exist without ADMIN_TOKEN (routes/admin.ts): 404, whatever the method.
    if (rest.startsWith("/admin/") && !c.env.ADMIN_TOKEN) return problemResponse("not_found", `No route ${c.req.method} ${path}.`);
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(rest)).map((r) => r.method))];
    if (allowed.includes("GET")) allowed.push("HEAD");
    if (allowed.length && !allowed.includes(c.req.method)) {
      return problemResponse("method_not_allowed", `${c.req.method} is not allowed on ${path}; use ${allowed.join(", ")}.`, undefined, { allow: allowed.join(", ") });
    }
    return problemResponse("not_found", `No route ${c.req.method} ${path}.`);
  };
}
