import { describe, expect, it } from "vitest";
import { NEVER_STORED, THIRD_PARTIES, VIEW_FIELDS } from "../../src/lib/policy";
import { env } from "cloudflare:workers";
import { MINIMUM_AGE, PRIVACY_LAST_UPDATED, privacyFacts } from "../../src/lib/privacy-facts";
import { call, json } from "../helpers/api";

describe("fixed routes", () => {
  it("/healthz answers", async () => {
    const res = await call("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true });
  });

  it("/privacy states what is collected, from the same constants the code uses", async () => {
    const res = await call("GET", "/privacy");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    for (const t of THIRD_PARTIES) expect(html).toContain(t.name);
    for (const item of NEVER_STORED) expect(html).toContain(item);
    expect(html).toContain("no cookie");
    expect(html).toContain("/.well-known/privacy.json");
  });

  it("/privacy has what a privacy policy must: last updated, rights and how to use them, a contact, children, changes, views", async () => {
    const html = await (await call("GET", "/privacy")).text();
    expect(html).toContain(`Last updated: <time datetime="${PRIVACY_LAST_UPDATED}">${PRIVACY_LAST_UPDATED}</time>`);
    expect(env.CONTACT_EMAIL).toMatch(/@/);
    expect(html).toContain(`href="mailto:${env.CONTACT_EMAIL}"`);
    for (const right of ["Access", "Export", "Deletion", "Withdrawing consent"]) expect(html).toContain(`<strong>${right}</strong>`);
    for (const how of ["/api/v1/me", "/api/v1/pages/{slug}/export", "Delete account", "format=csv"]) expect(html).toContain(how);
    expect(html).toContain(`not directed at children under ${MINIMUM_AGE}`);
    expect(html).toContain("Changes to this page");
    expect(html).toContain("we count a view");
    for (const field of VIEW_FIELDS) expect(html).toContain(field);
    const facts = await json(await call("GET", "/.well-known/privacy.json"));
    expect(facts.lastUpdated).toBe(PRIVACY_LAST_UPDATED);
    expect(facts.contact).toEqual({ privacyRequests: env.CONTACT_EMAIL });
    expect(facts.children.minimumAge).toBe(13);
    expect(Object.keys(facts.rights).sort()).toEqual(["access", "deletion", "export", "withdrawConsent"]);
  });

  it("/.well-known/privacy.json is the machine-readable twin", async () => {
    const res = await call("GET", "/.well-known/privacy.json");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(JSON.parse(JSON.stringify(privacyFacts(env))));
  });

  it("every response carries the security headers", async () => {
    for (const path of ["/healthz", "/privacy", "/api/v1/openapi.json", "/nowhere-page"]) {
      const res = await call("GET", path);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBeTruthy();
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("server"), path).toBeNull();
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document generated from the validating schemas", async () => {
    const doc = await json(await call("GET", "/api/v1/openapi.json"));
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/admin/users/{email}/plan", "/api-keys", "/api-keys/{id}", "/auth/logout", "/auth/magic-link", "/me",
        "/pages", "/pages/{slug}", "/pages/{slug}/analytics", "/pages/{slug}/claim", "/pages/{slug}/live",
        "/pages/{slug}/subscribers", "/pages/{slug}/subscribers/{email}",
      ]),
    );
    expect(doc.paths["/pages/{slug}/analytics"].get.parameters.map((p: any) => p.name).sort()).toEqual(["format", "from", "granularity", "slug", "to", "tz"]);
    expect(Object.keys(doc.paths["/pages/{slug}"]).sort()).toEqual(["delete", "get", "patch"]);
    expect(doc.paths["/pages"].post.responses["201"]).toBeDefined();
    expect(doc.paths["/pages/{slug}"].patch.responses["412"]).toBeDefined();
    const create = doc.components.schemas.CreatePage;
    expect(create.required).toEqual(expect.arrayContaining(["slug", "displayName"]));
    expect(create.properties.links.maxItems).toBe(100);
    expect(create.additionalProperties).toBe(false);
    expect(doc.components.schemas.Theme.properties.preset.enum.length).toBeGreaterThanOrEqual(6);
    expect(doc.components.schemas.Problem).toBeDefined();
    expect(doc.components.securitySchemes.ClaimToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.ApiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });
});

describe("API requests no route answers", () => {
  it("a known path with the wrong method is 405 with Allow (from the OpenAPI routes); an unknown path is 404", async () => {
    const { createPage } = await import("../helpers/create-page");
    const { expectProblem } = await import("../helpers/problem");
    const { slug, token } = await createPage();
    const put = await call("PUT", `/api/v1/pages/${slug}`, { token, body: { bio: "x" } });
    const body = await expectProblem(put, 405);
    expect(put.headers.get("allow")!.split(", ").sort()).toEqual(["DELETE", "GET", "HEAD", "PATCH"]);
    expect(body.detail).toContain("PUT is not allowed");
    expect((await call("GET", `/api/v1/pages/${slug}`, { token })).status).toBe(200); // untouched
    expect((await call("DELETE", "/api/v1/api-keys")).headers.get("allow")).toBe("POST, GET, HEAD");
    await expectProblem(await call("GET", "/api/v1/no-such-thing"), 404);
    // Without ADMIN_TOKEN the operator routes do not exist, whatever the method.
    const { env } = await import("cloudflare:workers");
    const { app } = await import("../../src/app");
    const { createExecutionContext } = await import("cloudflare:test");
    for (const method of ["GET", "PUT"]) {
      const res = await app.fetch(new Request("http://localhost/api/v1/admin/users/a%40b.example/plan", { method }), { ...env, ADMIN_TOKEN: undefined }, createExecutionContext());
      await expectProblem(res, 404);
    }
    await expectProblem(await call("PATCH", "/api/v1/pages/a/b/c"), 404);
  });
});
