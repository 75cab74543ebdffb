import { PublicPage, type PageItem, type SignupState } from "../views/public-page";
import { platformOf, type PlatformId } from "../schemas/platforms";
import type { Link } from "../schemas/page";
import { cspStyleHash, publicPageCsp } from "../lib/csp";
import { isLive, nextScheduleChange } from "./links";
import { PAGE_CSS, SIGNUP_CSS } from "./page-css";
import { avatarPath, cardPath } from "../media/photos";
import { CARD_HEIGHT, CARD_WIDTH } from "../media/card-size";
import type { StoredPage } from "./store";
import { resolveTheme, themeCss } from "./themes";

export interface RenderedPage {
  /** Taken down by the operator: serve 410, not this HTML. */
  gone?: true;
  /** Renamed: this address answers 301 to the page's new slug (docs/rename.md). */
  movedTo?: string;
  html: string;
  plan: StoredPage["plan"];
  csp: string;
  /** Epoch ms until which this HTML stays right (next link schedule boundary), or Infinity. */
  validUntil: number;
}

/** Render the public page; pure apart from hashing, so it is unit-testable without the runtime. */
export async function renderPublicPage(
  page: StoredPage,
  appUrl: string,
  now: number,
  opts: {
    signup?: SignupState;
    directLinks?: boolean;
    inertSignup?: boolean;
    /** For the editor's preview frame: framed by our origin, no form submissions (lib/csp.ts). */
    preview?: boolean;
    /** The export's copy: every address absolute, the photo embedded as this data: URI (docs/storage.md#r2-photos). */
    standalone?: { avatarSrc?: string };
  } = {},
): Promise<RenderedPage> {
  const origin = appUrl.replace(/\/$/, "");
  // A free page never collects an email, whatever its stored settings (they stay inert after a downgrade).
  const signup = page.plan === "pro" && page.emailSignup.enabled ? { ...page.emailSignup, state: opts.signup ?? "form", inert: opts.inertSignup } : undefined;
  const css = [signup ? PAGE_CSS + SIGNUP_CSS : PAGE_CSS, themeCss(resolveTheme(page.theme))];
  const body = PublicPage({
    slug: page.slug,
    displayName: page.displayName,
    bio: page.bio,
    links: page.links.filter((l) => isLive(l, now)).map(toItem),
    socials: page.socials,
    socialsPosition: page.socialsPosition,
    canonicalUrl: `${origin}/${page.slug}`,
    base: opts.standalone ? origin : "",
    avatar: page.avatar ? { src: opts.standalone?.avatarSrc ?? avatarPath(page.pageId, page.avatar.hash), width: page.avatar.width, height: page.avatar.height } : undefined,
    // Crawlers need an absolute PNG or JPEG: the photo, else a card drawn from the name and theme.
    ogImage: page.avatar
      ? { url: origin + avatarPath(page.pageId, page.avatar.hash), width: page.avatar.width, height: page.avatar.height, large: false }
      : { url: origin + cardPath(page.pageId, page.version), width: CARD_WIDTH, height: CARD_HEIGHT, large: true },
    // Unclaimed pages are anyone's throwaway until claimed: keep them out of search engines.
    noindex: !page.claimed,
    css,
    signup,
    directLinks: opts.directLinks || opts.standalone !== undefined,
  });
  const hashes = await Promise.all(css.map(cspStyleHash));
  return {
    html: "<!doctype html>" + (await body.toString()),
    plan: page.plan,
    csp: publicPageCsp(hashes, { preview: opts.preview }),
    validUntil: nextScheduleChange(page.links, now),
  };
}

/** `icon: "auto"` shows the platform's icon when the URL is a known one; `none` none; else the chosen one. */
export function iconOf(link: Pick<Link, "icon" | "url">): PlatformId | null {
  if (link.icon === "none") return null;
  return link.icon === "auto" ? platformOf(link.url) : link.icon;
}

const toItem = (l: Link): PageItem => ({ id: l.id, type: l.type, title: l.title, url: l.url, featured: l.featured, icon: l.type === "link" ? iconOf(l) : null });
