import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { linkPageStub } from "../link-page/stub";
import { isCountable, isCountedView } from "../lib/bots";
import { sendPage } from "../lib/html";
import { PAGE_CACHE_TTL_MS, publicPages, type CachedPage } from "../lib/page-cache";
import { markHot, sharedCopy, share, shareable, useLocationTier } from "../lib/location-cache";
import { carriedDomain, countryFrom, referrerDomain, referrerSignature, withReferrer } from "../lib/referrer";
import { carryViews, countView } from "../actions/count-views";
import { batchClick } from "../actions/batch-click";
import { subscribe } from "../actions/subscribe";
import { publicOrigin } from "../lib/origin";
import { EmailSchema } from "../schemas/account";
import { isValidSlug } from "../schemas/slug";
import { checkSlug } from "../actions/check-slug";
import type { SignupState } from "../views/public-page";
import { GonePage, NotFoundPage } from "../views/not-found";
import { SensitiveLinkPage } from "../views/sensitive-link";
import { locationValue } from "../lib/location";

const linkNotFound = async (c: Parameters<typeof sendPage>[0]) => {
  const res = await sendPage(c, NotFoundPage({ what: "This link isn't available." }), 404);
  res.headers.set("cache-control", "no-store");
  return res;
};

/** A page the operator took down: 410 Gone, so search engines drop it. */
const takenDown = async (c: Parameters<typeof sendPage>[0]) => {
  const res = await sendPage(c, GonePage(), 410);
  res.headers.set("cache-control", "no-store");
  return res;
};

/**
 * A renamed page's old address (docs/rename.md): 301 to the same path under the new slug, query kept.
 * Not cached by browsers: the owner may rename back within the hold, and a remembered 301 would then loop.
 */
const movedTo = (c: Parameters<typeof sendPage>[0], path: string) =>
  new Response(null, { status: 301, headers: { location: `${path}${new URL(c.req.url).search}`, "cache-control": "no-store" } });

const signupState = (q: string | undefined): SignupState => (q === "subscribed" || q === "invalid" || q === "busy" ? q : "form");

/** This request's view, if it counts: `carried` once a render call of its own took it to the DO. */
interface OwnView {
  at: number;
  carried: boolean;
}

/**
 * The rendered page from this isolate's cache (lib/page-cache.ts: one render per page at a time), the
 * location's (lib/location-cache.ts), or its DO; null when there is no page. A render call carries the
 * page's views held in this isolate, and the request's own `view` when the request renders the page
 * itself (actions/count-views.ts).
 */
function renderedPage(c: Context<AppEnv>, slug: string, signup: SignupState, view: OwnView | undefined): Promise<CachedPage | null> {
  const { env, executionCtx: ctx } = c;
  const origin = publicOrigin(c); // where og:url and og:image point: APP_URL in production
  const host = new URL(origin).host; // the location copy is per origin too
  const load = async (requestedAt: number, own: boolean): Promise<CachedPage | null> => {
    const tier = signup === "form" && useLocationTier(host, slug, Date.now()); // hot pages only (lib/location-cache.ts)
    const shared = tier ? await sharedCopy(host, slug, Date.now()) : undefined;
    if (shared) {
      // A copy other isolates share: keep looking in the location tier for this page (its next load
      // would otherwise go to the DO), and refresh after the isolate that rendered it (FOLLOWER_LEAD_SHARE).
      markHot(host, slug, Date.now());
      return { ...shared, fromLocation: true };
    }
    const { value: r, carriedOwn } = await carryViews(slug, own ? view?.at : undefined, (views) => linkPageStub(env, slug).render(requestedAt, signup, origin, views));
    if (own && view && carriedOwn) view.carried = true;
    if (!r) return null; // not cached: a page created next must show at once
    const page: CachedPage = {
      gone: r.gone,
      movedTo: r.movedTo,
      html: r.html,
      csp: r.csp,
      plan: r.plan,
      referrerKey: r.referrerKey,
      expiresAt: Math.min(requestedAt + PAGE_CACHE_TTL_MS, r.validUntil),
    };
    if (r.hot) markHot(host, slug, Date.now());
    if ((tier || r.hot) && shareable(page, signup)) ctx.waitUntil(share(host, slug, page, Date.now()));
    return page;
  };
  return publicPages.get(`${slug}|${signup}|${origin}`, load, (work) => ctx.waitUntil(work));
}

/**
 * No page here. Creation is offered only when the as-you-type check would say "free": not an address
 * held after a rename or delete, taken or reserved (docs/onboarding.md#the-404-of-a-free-address).
 * One D1 read, on the 404 path only.
 */
async function notFound(c: Context<AppEnv>, slug: string) {
  const offer = (await checkSlug(c.env.DB, slug)).available ? slug : undefined;
  return sendPage(c, NotFoundPage({ offer }), 404);
}

/** GET /{slug} and /{slug}/: the public page. */
async function publicPage(c: Context<AppEnv>) {
  const raw = c.req.param("slug")!;
  const slug = raw.toLowerCase();
  if (!isValidSlug(slug)) return sendPage(c, NotFoundPage({}), 404);
  if (slug !== raw) return c.redirect(`/${slug}`, 301); // slugs are case-folded: one canonical address
  // A view (actions/count-views.ts): carried by the render call if this request makes one, else counted
  // in this isolate's memory and sent to the DO in batches. Hono runs HEAD through this GET handler:
  // c.req.method still says HEAD, and HEAD is never counted.
  const view = isCountedView(c.req.method, (name) => c.req.header(name)) ? { at: Date.now(), carried: false } : undefined;
  const rendered = await renderedPage(c, slug, signupState(c.req.query("signup")), view);
  if (!rendered) return notFound(c, slug);
  if (rendered.gone) return takenDown(c);
  if (rendered.movedTo) return movedTo(c, `/${rendered.movedTo}`);
  if (view && !view.carried) countView(c.env, c.executionCtx, slug, view.at);
  const now = Date.now();
  // Pro pages carry the external referrer's domain to the click in the link's query, signed so that
  // only our own page can set it (lib/referrer.ts): no cookie needed.
  const key = rendered.plan === "pro" ? rendered.referrerKey : undefined;
  const domain = key ? referrerDomain(c.req.header("referer"), new URL(c.req.url).host) : null;
  return c.html(key && domain ? withReferrer(rendered.html, slug, domain, referrerSignature(key, domain, now)) : rendered.html, 200, {
    "content-security-policy": rendered.csp,
    // Browsers revalidate every time, so an edit shows up at once.
    "cache-control": "no-cache",
  });
}

/**
 * GET /{slug}/go/{id} follows a link; POST is the visitor's "continue" on a sensitive link's notice.
 * Bots and HEAD are never counted; a sensitive link is counted only on POST (docs/pages.md#sensitive-links).
 */
async function followLink(c: Context<AppEnv>) {
  const slug = c.req.param("slug")!.toLowerCase();
  if (!isValidSlug(slug)) return linkNotFound(c);
  const stub = linkPageStub(c.env, slug);
  const linkId = c.req.param("linkId")!;
  const now = Date.now();
  const continued = c.req.method === "POST";
  const referrer = carriedDomain(c.req.query("r"));
  const referrerSig = c.req.query("s"); // checked by the page's DO, which holds the key
  // Hono runs HEAD through the GET handler: c.req.method still says HEAD, and HEAD is never counted.
  const target = isCountable(c.req.method, c.req.header("user-agent"))
    ? await batchClick(c.env, c.executionCtx, slug, {
        linkId,
        at: now,
        // The country is Cloudflare's header only; the IP address is never read.
        country: countryFrom(c.req.header("cf-ipcountry")),
        referrer,
        referrerSig,
        continued,
      })
    : await stub.resolveLink(linkId, now);
  if (target?.gone) return takenDown(c);
  // Not counted here: the visitor's browser follows the 301 and the click is counted once, at the new address.
  if (target?.movedTo !== undefined) return movedTo(c, `/${target.movedTo}/go/${encodeURIComponent(linkId)}`);
  if (!target) return linkNotFound(c);
  if (target.sensitive && !continued) {
    const res = await sendPage(c, SensitiveLinkPage({ slug, linkId, title: target.title, referrer, referrerSig }));
    res.headers.set("cache-control", "no-store");
    return res;
  }
  // 303 after the POST, so the browser follows with GET; tel:/mailto: are percent-encoded for the header.
  return new Response(null, { status: continued ? 303 : 302, headers: { location: locationValue(target.url), "cache-control": "no-store" } });
}

/** Visitor-facing routes: the public page and the link redirect. No cookie is ever set here. */
export const publicRoutes = new Hono<AppEnv>()
  .get("/:slug", publicPage)
  .get("/:slug/", publicPage)
  .post("/:slug/subscribe", async (c) => {
    // The no-JavaScript signup form: always 303 back to the page, with the outcome in the query — the
    // same outcome for a new, pending or listed address (actions/subscribe.ts).
    const slug = c.req.param("slug").toLowerCase();
    if (!isValidSlug(slug)) return sendPage(c, NotFoundPage({}), 404);
    const form = await c.req.parseBody();
    const email = EmailSchema.safeParse(typeof form.email === "string" ? form.email : "");
    let state: SignupState = "subscribed";
    if (!email.success) state = "invalid";
    else {
      const signup = await subscribe(c.env, slug, email.data, {
        client: c.req.header("cf-connecting-ip") ?? "local",
        honeypot: typeof form.website === "string" ? form.website : undefined,
        origin: publicOrigin(c),
      }, c.executionCtx);
      if (!signup.ok && signup.reason === "no_form") return sendPage(c, NotFoundPage({}), 404);
      if (!signup.ok) state = "busy";
    }
    // #signup: the browser scrolls the outcome into view instead of landing at the top of a long page.
    return c.body(null, 303, { location: `/${slug}?signup=${state}#signup`, "cache-control": "no-store" });
  })
  .get("/:slug/go/:linkId", followLink)
  .post("/:slug/go/:linkId", followLink);
