import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { expectProblem } from "../helpers/problem";

// Addresses that impersonate us are reserved (docs/text-rules.md#reserved-addresses).
describe("reserved addresses through the API", () => {
  it.each([
    ["dashboard", "route"],
    ["cdn-cgi", "route"],
    ["sign-in", "sign_in"],
    ["l0g-in", "sign_in"],
    ["reset-password", "sign_in"],
    ["signin-verify", "sign_in"],
    ["paypal-log1n", "sign_in"],
    ["Me_Links", "product_name"],
    ["m3l1nks-support", "product_name"],
  ])("GET /api/v1/slugs/%s says it is reserved, and why (%s)", async (slug, why) => {
    const body = await json(await call("GET", `/api/v1/slugs/${slug}`));
    expect(body).toMatchObject({ slug: slug.toLowerCase(), available: false, reason: "reserved", reserved: why });
    expect(body.message).toMatch(/^This address is reserved: /);
  });

  it("an innocent word that shares letters with a sign-in word is free", async () => {
    for (const slug of ["accountant-ada", "book-signing"]) expect((await json(await call("GET", `/api/v1/slugs/${slug}`))).available, slug).toBe(true);
  });

  it("an invalid slug is invalid, not reserved", async () => {
    const body = await json(await call("GET", "/api/v1/slugs/-melinks"));
    expect(body).toMatchObject({ available: false, reason: "invalid" });
    expect(body.reserved).toBeUndefined();
  });

  it("creating a page at a look-alike is a 400 naming slug", async () => {
    for (const slug of ["me-links", "signin", "supp0rt", "signin-verify"]) {
      const problem = await expectProblem(await call("POST", "/api/v1/pages", { body: { slug, displayName: "Ada" } }), 400, "slug");
      expect(problem.errors[0].message).toMatch(/^is reserved/);
    }
  });
});
