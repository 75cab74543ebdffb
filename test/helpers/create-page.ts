import { expect } from "vitest";
import { call } from "./api";

let n = 0;
/** A slug no other test in this file uses (storage is isolated per file, not per test). */
export function uniqueSlug(prefix = "page"): string {
  return `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}`;
}

export interface CreatedPage {
  slug: string;
  token: string;
  page: any;
  etag: string;
}

export async function createPage(body: Record<string, unknown> = {}): Promise<CreatedPage> {
  const slug = (body.slug as string | undefined) ?? uniqueSlug();
  const res = await call("POST", "/api/v1/pages", {
    body: { slug, displayName: "Ada Lovelace", bio: "Poet of science", links: [{ title: "Site", url: "https://example.com" }], ...body },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const data = (await res.json()) as { page: any; claimToken: string };
  return { slug: data.page.slug, token: data.claimToken, page: data.page, etag: res.headers.get("etag")! };
}
