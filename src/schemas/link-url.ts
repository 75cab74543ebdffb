import { z } from "@hono/zod-openapi";

export const ALLOWED_URL_SCHEMES = ["https:", "http:", "mailto:", "tel:"] as const;
export const MAX_URL_LENGTH = 2048;

export type UrlCheck = { ok: true; href: string } | { ok: false; reason: string };

/**
 * Parse with the WHATWG URL parser (as browsers do) after trimming, so disguises such as
 * " javascript:", "JAVASCRIPT:" or "java\tscript:" resolve to the scheme a browser would run.
 * Only absolute URLs with an allowed scheme pass; we store the parser's normalised href.
 */
export function checkLinkUrl(raw: string): UrlCheck {
  const trimmed = raw.trim();
  if (trimmed.length === 0) return { ok: false, reason: "is required" };
  // The URL parser silently drops tabs and line breaks ("java\tscript:") and browsers may too:
  // refuse control characters outright rather than store something other than what was typed.
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return { ok: false, reason: "must not contain control characters (tabs, line breaks…)" };
  if (trimmed.length > MAX_URL_LENGTH) return { ok: false, reason: `must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(withScheme(trimmed));
  } catch {
    return { ok: false, reason: "must be an absolute URL such as https://example.com" };
  }
  if (!(ALLOWED_URL_SCHEMES as readonly string[]).includes(url.protocol)) {
    return { ok: false, reason: `scheme "${url.protocol.slice(0, -1)}" is not allowed (use https, http, mailto or tel)` };
  }
  if ((url.protocol === "https:" || url.protocol === "http:") && !url.hostname) {
    return { ok: false, reason: "must include a host name" };
  }
  if (url.username || url.password) return { ok: false, reason: "must not contain a user name or password" };
  if (url.href.length > MAX_URL_LENGTH) return { ok: false, reason: `must be at most ${MAX_URL_LENGTH} characters` };
  return { ok: true, href: url.href };
}

/**
 * People type `www.example.com` or `example.com/shop`: a bare domain name (labels, a dot, a TLD of
 * letters, then a port, path, query or nothing) gets `https://`. Anything with a scheme is left alone,
 * and `name@example.com` is not a domain, so it stays an error rather than becoming a web address.
 * The stored (and returned) URL is the completed one, so the editor can show the change.
 */
const BARE_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#]|$)/i;
export const withScheme = (s: string) => (BARE_DOMAIN.test(s) ? `https://${s}` : s);

export const LinkUrlSchema = z
  .string()
  .max(MAX_URL_LENGTH + 64, `must be at most ${MAX_URL_LENGTH} characters`)
  .transform((raw, ctx) => {
    const r = checkLinkUrl(raw);
    if (r.ok) return r.href;
    ctx.addIssue({ code: "custom", message: r.reason });
    return z.NEVER;
  })
  .openapi({ type: "string", format: "uri", description: "https, http, mailto or tel; at most 2048 characters. A bare domain (www.example.com) is stored as https://www.example.com", example: "https://example.com" });
