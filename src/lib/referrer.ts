// Referrer domains for pro analytics (docs/contract.md#privacy-promises, docs/analytics.md#signed-referrers): only the host name of an external referrer,
// validated strictly; everything else is "direct". IP literals are not domains and are dropped.
//
// The domain travels from the page view to the click in the link's query (no cookie), signed so
// that nobody but our own page can set it (docs/analytics.md#signed-referrers): `?r=<domain>&s=<sig>`,
// sig = HMAC-SHA256(page's referrer key, "<domain>|<epoch hour of the view>"), cut to 16 bytes. The
// key is random per page and kept in the page's DO; the click is verified there. A missing, forged
// or stale signature (older than REFERRER_SIGNATURE_HOURS) counts as direct.
import { Buffer } from "node:buffer";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hourOf } from "./time";

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A signed referrer is honoured in the hour of the view and the next one: 1 to 2 hours. */
export const REFERRER_SIGNATURE_HOURS = 2;

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

/** A fresh random key for a page (base64url of 32 bytes). */
export function newReferrerKey(): string {
  return randomBytes(32).toString("base64url");
}

const sign = (key: string, domain: string, hour: number) =>
  createHmac("sha256", Buffer.from(key, "base64url")).update(`${domain}|${hour}`).digest().subarray(0, 16).toString("base64url");

// Signatures of recent (key, domain, hour) triples: a hot pro page is signed once per referrer an hour.
const signed = new Map<string, string>();
const MAX_SIGNED = 1000;

/** The signature a page view at `now` hands its links for `domain`. */
export function referrerSignature(key: string, domain: string, now: number): string {
  const hour = hourOf(now);
  const memo = `${key}|${domain}|${hour}`;
  let sig = signed.get(memo);
  if (!sig) {
    sig = sign(key, domain, hour);
    if (signed.size >= MAX_SIGNED) signed.delete(signed.keys().next().value!);
    signed.set(memo, sig);
  }
  return sig;
}

/** The carried domain if its signature is ours and recent, else null ("direct"). */
export function verifiedReferrer(key: string, domain: string | null, sig: string | undefined, now: number): string | null {
  if (!domain || !sig || !/^[A-Za-z0-9_-]{22}$/.test(sig)) return null;
  // Compared as text: base64url's last character has spare bits, so two texts can decode alike.
  const given = Buffer.from(sig);
  for (let h = hourOf(now), i = 0; i < REFERRER_SIGNATURE_HOURS; i++, h--) {
    if (timingSafeEqual(given, Buffer.from(sign(key, domain, h)))) return domain;
  }
  return null;
}

/** Append the signed referrer domain to every link of a rendered page (host names need no escaping). */
export function withReferrer(html: string, slug: string, domain: string, sig: string): string {
  // Slugs are [a-z0-9_-], domains pass isHostname and signatures are base64url, so none needs regex or HTML escaping.
  return html.replace(new RegExp(`href="/${slug}/go/([^"?]+)"`, "g"), `href="/${slug}/go/$1?r=${domain}&amp;s=${sig}"`);
}

/**
 * Cloudflare's visitor country header: two letters; anything else — missing, Tor (T1), garbage — is
 * unknown ("XX"), so unknown countries are one row.
 */
export function countryFrom(header: string | undefined): string {
  return header && /^[A-Z]{2}$/.test(header) && header !== "XX" ? header : "XX";
}
