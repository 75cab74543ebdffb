import { Hono } from "hono";
import { listOutbox } from "../email/outbox";
import type { AppEnv } from "../env";
import { problemResponse } from "../lib/problem";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Development-only helpers. In production every path here is a plain 404 — and also on any host but
 * loopback, so a deploy that forgot ENVIRONMENT=production still never shows sign-in links to the world.
 */
export const devRoutes = new Hono<AppEnv>()
  .use("*", async (c, next) =>
    c.env.ENVIRONMENT === "development" && LOOPBACK.has(new URL(c.req.url).hostname) ? next() : problemResponse("not_found", "No such route."),
  )
  .get("/outbox", async (c) => c.json(await listOutbox(c.env.SESSIONS), 200, { "cache-control": "no-store" }));
