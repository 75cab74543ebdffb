import { Hono } from "hono";
import { listOutbox } from "../email/outbox";
import type { AppEnv } from "../env";
import { problemResponse } from "../lib/problem";

/** Development-only helpers. In production every path here is a plain 404. */
export const devRoutes = new Hono<AppEnv>()
  .use("*", async (c, next) => (c.env.ENVIRONMENT === "development" ? next() : problemResponse("not_found", "No such route.")))
  .get("/outbox", async (c) => c.json(await listOutbox(c.env.SESSIONS), 200, { "cache-control": "no-store" }));
