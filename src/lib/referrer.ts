// Referrer domains for pro analytics (SPEC §1, §4): only the host name of an external referrer,
// validated strictly; everything else is "direct". IP literals are not domains and are dropped.

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isHostname(s: string): boolean {
  return HOSTNAME.test(s);
}

/** The domain of an external page-view Referer, or null (missing, same-site, or not a plain host name). */
export function referrerDomain(referer: string | undefined, selfHost: string): string | null {
  if (!referer) return null;
  let host: string;
  try {
    const u = new URL(referer);
    if (u.protocol !== "https:" && u.protocol !== "http:") return null;
    host = u.hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host === selfHost.toLowerCase().replace(/:\d+$/, "")) return null;
  return isHostname(host) ? host : null;
}

/** The `r` query parameter carried from page view to click: accepted only if it is a plain host name. */
export function carriedDomain(param: string | undefined): string | null {
  if (!param) return null;
  const host = param.toLowerCase();
  return isHostname(host) ? host : null;
}

/** Append the referrer domain to every link of a rendered page (host names need no escaping). */
export function withReferrer(html: string, slug: string, domain: string): string {
  // Slugs are [a-z0-9_-] and domains pass isHostname, so neither needs regex or HTML escaping.
  return html.replace(new RegExp(`href="/${slug}/go/([^"?]+)"`, "g"), `href="/${slug}/go/$1?r=${domain}"`);
}

/** Cloudflare's visitor country header: two letters (or T1 for Tor); anything else is unknown ("XX"). */
export function countryFrom(header: string | undefined): string {
  return header && /^(?:[A-Z]{2}|T1)$/.test(header) ? header : "XX";
}
