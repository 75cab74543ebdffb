import { Hono } from "hono";
import type { AppEnv } from "../env";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Set to "1" only by `npm run bench` (bench/lib/server.mjs) as a binding; never in wrangler.toml. */
      BENCH?: string;
    }
  }
}

const STATIC_BODY = "ok\n";

/**
 * Baselines for `npm run bench`, measured in the same run as the real routes (docs/performance.md):
 * a constant string (the runtime's ceiling) and one indexed single-row D1 SELECT. Both are 404 —
 * exactly like an unknown path — unless the bench passes BENCH=1; dev and production never do.
 */
export const benchRoutes = new Hono<AppEnv>()
  .use("*", async (c, next) => (c.env.BENCH === "1" ? next() : c.notFound()))
  .get("/static", (c) => c.text(STATIC_BODY))
  .get("/d1/:slug", async (c) => {
    const row = await c.env.DB.prepare("SELECT id FROM pages WHERE slug = ?").bind(c.req.param("slug")).first<{ id: string }>();
    return c.json({ id: row?.id ?? null });
  });
