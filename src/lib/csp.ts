// Every Content-Security-Policy we send, built in one place. Each starts from the same closed base —
// nothing loads, no <base>, forms post only to us, no framing — and opens only what its page needs.
import { SITE_CSS } from "../views/site-css";
import { sha256Base64 } from "./crypto";

type Directives = Record<string, string>;

const BASE: Directives = {
  "default-src": "'none'",
  "base-uri": "'none'",
  "form-action": "'self'",
  "frame-ancestors": "'none'",
};

const build = (open: Directives): string => Object.entries({ ...BASE, ...open }).map(([k, v]) => `${k} ${v}`).join("; ");

/** For responses that load nothing (fragments, JSON, redirects): the base alone. */
export const CLOSED_CSP = build({});

const memo = new Map<string, Promise<string>>();

/** CSP source hash for an inline <style> body; memoised because the same few strings recur. */
export function cspStyleHash(css: string): Promise<string> {
  let h = memo.get(css);
  if (!h) {
    if (memo.size > 500) memo.clear();
    h = sha256Base64(css).then((b64) => `sha256-${b64}`);
    memo.set(css, h);
  }
  return h;
}

/** Our own server-rendered pages: our origin and our one inline stylesheet. */
export async function siteCsp(): Promise<string> {
  return build({
    "style-src": `'self' '${await cspStyleHash(SITE_CSS)}'`,
    "img-src": "'self'",
    "script-src": "'self'",
    "connect-src": "'self'",
  });
}

/** The dashboard: the site's policy, plus frames from our own origin (the editor's live preview). */
export async function dashboardCsp(): Promise<string> {
  return `${await siteCsp()}; frame-src 'self'`;
}

/**
 * A public page: its inline styles by hash, images from us, no script at all. In the editor's preview
 * frame it may be framed by our own origin and may not submit forms (a preview never subscribes anyone).
 */
export function publicPageCsp(styleHashes: string[], opts: { preview?: boolean } = {}): string {
  return build({
    "style-src": styleHashes.map((h) => `'${h}'`).join(" "),
    "img-src": "'self'",
    ...(opts.preview ? { "frame-ancestors": "'self'", "form-action": "'none'" } : {}),
  });
}

/**
 * /docs/api: our origin only, except that style-src has 'unsafe-inline' (on this page alone) because
 * the API reference (Scalar) injects <style> elements and sets `style` attributes from JS. Scripts stay
 * 'self', without 'unsafe-eval'.
 */
export function docsCsp(): string {
  return build({
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
  });
}
