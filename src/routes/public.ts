import { Hono } from "hono";
import { linkPageStub, type AppEnv } from "../env";
import { sendPage } from "../lib/html";
import { isValidSlug } from "../schemas/slug";
import { NotFoundPage } from "../views/not-found";

/** Visitor-facing routes: the public page and the link redirect. No cookie is ever set here. */
export const publicRoutes = new Hono<AppEnv>()
  .get("/:slug", async (c) => {
    const raw = c.req.param("slug");
    const slug = raw.toLowerCase();
    if (!isValidSlug(slug)) return sendPage(c, NotFoundPage({}), 404);
    if (slug !== raw) return c.redirect(`/${slug}`, 301); // slugs are case-folded: one canonical address
    const rendered = await linkPageStub(c.env, slug).render(Date.now());
    if (!rendered) return sendPage(c, NotFoundPage({}), 404);
    return c.html(rendered.html, 200, {
      "content-security-policy": rendered.csp,
      // Browsers revalidate every time, so an edit shows up at once.
      "cache-control": "no-cache",
    });
  })
  .get("/:slug/go/:linkId", async (c) => {
    const slug = c.req.param("slug").toLowerCase();
    const url = isValidSlug(slug) ? await linkPageStub(c.env, slug).resolveLink(c.req.param("linkId"), Date.now()) : null;
    if (!url) {
      const res = await sendPage(c, NotFoundPage({ what: "This link isn't available." }), 404);
      res.headers.set("cache-control", "no-store");
      return res;
    }
    return new Response(null, { status: 302, headers: { location: url, "cache-control": "no-store" } });
  });
