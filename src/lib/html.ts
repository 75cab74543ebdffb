import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { siteCsp } from "./csp";

export { siteCsp };

/** Send a Layout-based page with its CSP. */
export async function sendPage(c: Context, page: JSX.Element, status: 200 | 400 | 403 | 404 | 410 | 429 | 503 = 200): Promise<Response> {
  const html = "<!doctype html>" + (await page.toString());
  return c.html(html, status, { "content-security-policy": await siteCsp() });
}
