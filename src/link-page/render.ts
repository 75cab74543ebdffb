import { PublicPage, type SignupState } from "../views/public-page";
import { cspStyleHash } from "../lib/csp";
import { isLive, nextScheduleChange } from "./links";
import { PAGE_CSS } from "./page-css";
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
  opts: { signup?: SignupState; directLinks?: boolean; inertSignup?: boolean } = {},
): Promise<RenderedPage> {
  // A free page never collects an email, whatever its stored settings (they stay inert after a downgrade).
  const signup = page.plan === "pro" && page.emailSignup.enabled ? { ...page.emailSignup, state: opts.signup ?? "form", inert: opts.inertSignup } : undefined;
  const css = [PAGE_CSS, themeCss(resolveTheme(page.theme))];
  const body = PublicPage({
    slug: page.slug,
    displayName: page.displayName,
    bio: page.bio,
    links: page.links.filter((l) => isLive(l, now)),
    canonicalUrl: `${appUrl.replace(/\/$/, "")}/${page.slug}`,
    // Unclaimed pages are anyone's throwaway until claimed: keep them out of search engines.
    noindex: !page.claimed,
    css,
    signup,
    directLinks: opts.directLinks,
  });
  const hashes = await Promise.all(css.map(cspStyleHash));
  return {
    html: "<!doctype html>" + (await body.toString()),
    plan: page.plan,
    csp: publicPageCsp(hashes),
    validUntil: nextScheduleChange(page.links, now),
  };
}

export function publicPageCsp(styleHashes: string[]): string {
  return [
    "default-src 'none'",
    `style-src ${styleHashes.map((h) => `'${h}'`).join(" ")}`,
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
