import { Hono } from "hono";
import type { AppEnv } from "../env";
import { sendPage } from "../lib/html";
import { PRIVACY_FACTS } from "../lib/privacy-facts";
import { HomePage } from "../views/home";
import { PrivacyPage } from "../views/privacy";

/** Small fixed routes: home, health, privacy statements, robots. */
export const metaRoutes = new Hono<AppEnv>()
  .get("/", (c) => sendPage(c, HomePage({ origin: new URL(c.req.url).origin })))
  .get("/healthz", (c) => c.json({ ok: true }, 200, { "cache-control": "no-store" }))
  .get("/privacy", (c) => sendPage(c, PrivacyPage()))
  .get("/.well-known/privacy.json", (c) => c.json(PRIVACY_FACTS))
  .get("/robots.txt", (c) => c.text("User-agent: *\nDisallow: /api/\nDisallow: /dashboard\nDisallow: /auth/\nDisallow: /*/go/\n"))
  .get("/favicon.ico", (c) => c.body(null, 204, { "cache-control": "public, max-age=86400" }));
