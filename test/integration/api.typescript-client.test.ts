// The typed TypeScript client (clients/typescript) driving the real Worker: its fetch goes through the
// Worker entry, so every answer is the API's own. Type errors here fail `npm run typecheck`, which
// checks that the generated types describe what the tests read.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMeLinksClient, type Analytics, type Page, type Problem } from "../../clients/typescript";
import { apiKeyHolder } from "../helpers/api-key";
import { click } from "../helpers/click";
import { uniqueSlug } from "../helpers/create-page";

const viaWorker = (request: Request) => exports.default.fetch(request);

describe("typed TypeScript client", () => {
  it("creates, reads with ETag, patches with If-Match (412 as a typed problem), and reads analytics", async () => {
    const { key } = await apiKeyHolder();
    const ml = createMeLinksClient("http://localhost", { token: key, fetch: viaWorker });
    const slug = uniqueSlug("client");

    const created = await ml.POST("/pages", { body: { slug, displayName: "Ada", links: [{ title: "Notes", url: "https://example.com/notes" }] } });
    expect(created.response.status).toBe(201);
    const page: Page = created.data!.page;
    expect(page).toMatchObject({ slug, displayName: "Ada", claimed: true });
    expect(created.data!.claimToken).toBeUndefined(); // owned by the key's account

    const got = await ml.GET("/pages/{slug}", { params: { path: { slug } } });
    const etag = got.response.headers.get("etag")!;
    expect(got.data).toEqual(page);
    expect(etag).toBe(created.response.headers.get("etag"));

    const patched = await ml.PATCH("/pages/{slug}", { params: { path: { slug }, header: { "if-match": etag } }, body: { bio: "Poet of science" } });
    expect(patched.response.status).toBe(200);
    expect(patched.data!.bio).toBe("Poet of science");

    const stale = await ml.PATCH("/pages/{slug}", { params: { path: { slug }, header: { "if-match": etag } }, body: { bio: "overwritten" } });
    expect(stale.data).toBeUndefined();
    const problem: Problem = stale.error!;
    expect(stale.response.status).toBe(412);
    expect(stale.response.headers.get("content-type")).toContain("application/problem+json");
    expect(problem).toMatchObject({ status: 412, title: "Precondition failed", type: "/problems/precondition-failed" });
    expect(stale.response.headers.get("etag")).toBe(patched.response.headers.get("etag"));

    const linkId = page.links[0]!.id;
    expect((await click(slug, linkId)).status).toBe(302);
    const stats = await ml.GET("/pages/{slug}/analytics", { params: { path: { slug }, query: { granularity: "hour", from: new Date(Date.now() - 3_600_000).toISOString() } } });
    // The document offers JSON or (with ?format=csv) CSV for this answer: the type says so, JSON came.
    const data = stats.data!;
    if (typeof data === "string") throw new Error("expected JSON without ?format=csv");
    const report: Analytics = data;
    expect(report.totals.clicks).toBe(1);
    expect(report.links).toEqual([expect.objectContaining({ linkId, clicks: 1 })]);

    const listed = await ml.GET("/pages");
    expect(listed.data!.pages.map((p) => p.slug)).toEqual([slug]);
  });

  it("answers validation and auth failures as typed problem+json naming the fields", async () => {
    const { key } = await apiKeyHolder();
    const ml = createMeLinksClient("http://localhost/api/v1/", { token: key, fetch: viaWorker });
    const bad = await ml.POST("/pages", { body: { slug: "no", displayName: "", links: [{ title: "x", url: "javascript:alert(1)" }] } });
    expect(bad.response.status).toBe(400);
    const problem: Problem = bad.error!;
    expect(problem.type).toBe("/problems/validation-failed");
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(["displayName", "links.0.url", "slug"]);

    const anonymous = createMeLinksClient("http://localhost", { fetch: viaWorker });
    const mine = await anonymous.GET("/pages");
    expect(mine.response.status).toBe(401);
    expect(mine.error!.detail).toMatch(/Sign in|API key/);

    const wrongKey = createMeLinksClient("http://localhost", { token: "mlk_wrong", fetch: viaWorker });
    expect((await wrongKey.GET("/me")).error).toMatchObject({ status: 401 });
  });
});
