import { Hono } from "hono";
import { listOutbox } from "../email/outbox";
import type { AppEnv } from "../env";
import { isLocalDevRequest } from "../lib/origin";
import { problemResponse } from "../lib/problem";

/**
 * Development-only helpers. A plain 404 unless the request comes straight from this machine in
 * development (lib/origin.ts): not in production, not on any other Host, and not through a reverse
 * proxy that forwards `Host: localhost` — so sign-in links are never shown to the world.
 */
export const devRoutes = new Hono<AppEnv>()
  .use("*", async (c, next) => (isLocalDevRequest(c) ? next() : problemResponse("not_found", "No such route.")))
  .get("/outbox", async (c) => c.json(await listOutbox(c.env.SESSIONS), 200, { "cache-control": "no-store" }));
