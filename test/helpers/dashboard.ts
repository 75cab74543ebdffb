import { expect } from "vitest";
import { call } from "./api";
import type { Session } from "./sign-in";

/** A same-origin HTML form post, as a browser sends it from a dashboard page. */
export function postForm(s: Session | null, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return call("POST", path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(s ? s.headers : {}), ...headers },
  });
}

export const getAs = (s: Session, path: string) => call("GET", path, { headers: s.headers });

/** Create a page through the dashboard's own form; returns its slug. */
export async function createViaForm(s: Session, slug: string, displayName = "Ada Lovelace"): Promise<string> {
  const res = await postForm(s, "/dashboard/pages", { slug, displayName });
  expect(res.status, await res.clone().text()).toBe(303);
  expect(res.headers.get("location")).toBe(`/dashboard/pages/${slug}?created=1`);
  return slug;
}

/** The ETag the editor form carries (hidden input). */
export async function editorEtag(s: Session, slug: string): Promise<string> {
  const html = await (await getAs(s, `/dashboard/pages/${slug}`)).text();
  const m = /name="etag" value="([^"]+)"/.exec(html);
  return m![1]!.replace(/&quot;/g, '"');
}
