import { expect } from "vitest";
import { call } from "./api";
import { uniqueSlug } from "./create-page";
import { makeUserPro, signIn, type Session } from "./sign-in";

export interface ProPage {
  owner: Session;
  slug: string;
  page: any;
  etag: string;
  /** What call() takes to act as the owner (session cookie, same origin). */
  auth: { headers: Record<string, string> };
}

/**
 * A signed-in pro owner's page (webhooks, the signup form and country/referrer analytics are Pro):
 * signs in, makes the account pro through the operator route, creates the page. `body` as createPage's.
 */
export async function proPage(body: Record<string, unknown> = {}): Promise<ProPage> {
  const owner = await signIn();
  await makeUserPro(owner.email);
  const slug = (body.slug as string | undefined) ?? uniqueSlug("pro");
  const res = await call("POST", "/api/v1/pages", {
    headers: owner.headers,
    body: { slug, displayName: "Ada Lovelace", bio: "Poet of science", links: [{ title: "Site", url: "https://example.com" }], ...body },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const data = (await res.json()) as { page: any };
  expect(data.page.plan).toBe("pro");
  return { owner, slug: data.page.slug, page: data.page, etag: res.headers.get("etag")!, auth: { headers: owner.headers } };
}

/** Put the owner's account back on Free, as the operator does (every page of theirs follows). */
export async function makeUserFree(email: string): Promise<void> {
  const res = await call("PUT", `/api/v1/admin/users/${encodeURIComponent(email)}/plan`, { token: "test-admin-token", body: { plan: "free" } });
  expect(res.status).toBe(200);
}

/**
 * A signed-in pro owner with a page whose email signup form is on — with double opt-in (the
 * default), or `{ confirm: false }` for tests about what happens once an address is listed.
 */
export async function proPageWithSignup(opts: { confirm?: boolean } = {}): Promise<{ owner: Session; slug: string; page: any }> {
  const { owner, slug } = await proPage({ displayName: "Pro Owner", bio: undefined });
  const res = await call("PATCH", `/api/v1/pages/${slug}`, {
    headers: owner.headers,
    body: { emailSignup: { enabled: true, heading: "Join my newsletter", buttonText: "Join", ...(opts.confirm === false ? { confirm: false } : {}) } },
  });
  expect(res.status).toBe(200);
  return { owner, slug, page: await res.json() };
}
