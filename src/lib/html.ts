import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { SITE_CSS } from "../views/site-css";
import { cspStyleHash } from "./csp";

/** CSP for our own server-rendered pages: nothing but our origin and our one inline stylesheet. */
export async function siteCsp(): Promise<string> {
  return [
    "default-src 'none'",
    `style-src 'self' '${await cspStyleHash(SITE_CSS)}'`,
    "img-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Send a Layout-based page with its CSP. */
export async function sendPage(c: Context, page: JSX.Element, status: 200 | 400 | 403 | 404 | 410 | 429 | 503 = 200): Promise<Response> {
  const html = "<!doctype html>" + (await page.toString());
  return c.html(html, status, { "content-security-policy": await siteCsp() });
}
