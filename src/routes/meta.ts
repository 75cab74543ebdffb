import { Hono } from "hono";
import type { AppEnv } from "../env";
import { PUBLIC_DOCUMENT } from "../lib/cache-control";
import { sendPage } from "../lib/html";
import { privacyContact, privacyFacts } from "../lib/privacy-facts";
import { HomePage } from "../views/home";
import { PrivacyPage } from "../views/privacy";

/** The same for everyone: may be cached (everything else is no-store, middleware/security-headers.ts). */
async function publicDocument(res: Promise<Response>): Promise<Response> {
  const r = await res;
  r.headers.set("cache-control", PUBLIC_DOCUMENT);
  return r;
}

/** Small fixed routes: home, health, privacy statements, robots. */
export const metaRoutes = new Hono<AppEnv>()
  .get("/", (c) => publicDocument(sendPage(c, HomePage({ origin: new URL(c.req.url).origin }))))
  .get("/healthz", (c) => c.json({ ok: true }, 200, { "cache-control": "no-store" }))
  .get("/privacy", (c) => publicDocument(sendPage(c, PrivacyPage({ contact: privacyContact(c.env) }))))
  .get("/.well-known/privacy.json", (c) => c.json(privacyFacts(c.env), 200, { "cache-control": PUBLIC_DOCUMENT }))
  .get("/robots.txt", (c) =>
    c.text("User-agent: *\nDisallow: /api/\nDisallow: /dashboard\nDisallow: /auth/\nDisallow: /*/go/\n", 200, { "cache-control": PUBLIC_DOCUMENT }),
  )
  .get("/favicon.ico", (c) => c.body(null, 204, { "cache-control": "public, max-age=86400" }));
