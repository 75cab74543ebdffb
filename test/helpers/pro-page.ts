import { expect } from "vitest";
import { call } from "./api";
import { uniqueSlug } from "./create-page";
import { makeUserPro, signIn, type Session } from "./sign-in";

/** A signed-in pro owner with a page whose email signup form is on. */
export async function proPageWithSignup(): Promise<{ owner: Session; slug: string; page: any }> {
  const owner = await signIn();
  await makeUserPro(owner.email);
  const slug = uniqueSlug("pro");
  const created = await call("POST", "/api/v1/pages", {
    headers: owner.headers,
    body: { slug, displayName: "Pro Owner", links: [{ title: "Site", url: "https://example.com" }] },
  });
  expect(created.status).toBe(201);
  const res = await call("PATCH", `/api/v1/pages/${slug}`, {
    headers: owner.headers,
    body: { emailSignup: { enabled: true, heading: "Join my newsletter", buttonText: "Join" } },
  });
  expect(res.status).toBe(200);
  return { owner, slug, page: await res.json() };
}
