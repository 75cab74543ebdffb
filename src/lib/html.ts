import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { siteCsp } from "./csp";

export { siteCsp };

/** Send a Layout-based page with its CSP. */
export async function sendPage(c: Context, page: JSX.Element, status: 200 | 400 | 403 | 404 | 410 | 429 | 503 = 200): Promise<Response> {
  const html = "<!doctype html>" + (await page.toString());
  return c.html(html, status, { "content-security-policy": await siteCsp() });
}

/** `res` with a refusal's headers (Retry-After …) set: an HTML answer keeps what the problem would carry. */
export function withHeaders(res: Response, headers: Record<string, string> | undefined): Response {
  for (const [k, v] of Object.entries(headers ?? {})) res.headers.set(k, v);
  return res;
}
