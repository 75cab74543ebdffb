import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";

const base = () => ({ slug: uniqueSlug(), displayName: "Ada" });
const countPages = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM pages").first<{ n: number }>())!.n;

describe("POST /api/v1/pages refuses bad input with problem+json naming the field, and writes nothing", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["slug too short", { slug: "ab" }, "slug"],
    ["slug too long", { slug: "a".repeat(33) }, "slug"],
    ["slug starting with a dash", { slug: "-abc" }, "slug"],
    ["slug with a space", { slug: "ab cd" }, "slug"],
    ["slug with a path", { slug: "../admin" }, "slug"],
    ["full-width slug", { slug: "ａｄｍｉｎ" }, "slug"],
    ["reserved slug", { slug: "admin" }, "slug"],
    ["reserved slug in capitals", { slug: "DASHBOARD" }, "slug"],
    ["missing slug", { slug: undefined }, "slug"],
    ["slug not a string", { slug: 42 }, "slug"],
    ["empty display name", { displayName: "" }, "displayName"],
    ["blank display name", { displayName: "   " }, "displayName"],
    ["display name too long", { displayName: "x".repeat(65) }, "displayName"],
    ["control characters", { displayName: "Ada\u0007" }, "displayName"],
    ["bio too long", { bio: "x".repeat(281) }, "bio"],
    ["too many links", { links: Array.from({ length: 101 }, (_, i) => ({ title: `L${i}`, url: "https://example.com" })) }, "links"],
    ["link without title", { links: [{ url: "https://example.com" }] }, "links.0.title"],
    ["link title too long", { links: [{ title: "x".repeat(101), url: "https://example.com" }] }, "links.0.title"],
    ["javascript: URL", { links: [{ title: "x", url: "javascript:alert(1)" }] }, "links.0.url"],
    ["JAVASCRIPT: URL", { links: [{ title: "x", url: "JAVASCRIPT:alert(1)" }] }, "links.0.url"],
    ["leading-space javascript:", { links: [{ title: "x", url: " javascript:alert(1)" }] }, "links.0.url"],
    ["java\\tscript:", { links: [{ title: "x", url: "java\tscript:alert(1)" }] }, "links.0.url"],
    ["data: URL", { links: [{ title: "x", url: "data:text/html,hi" }] }, "links.0.url"],
    ["vbscript: URL", { links: [{ title: "x", url: "vbscript:msgbox(1)" }] }, "links.0.url"],
    ["file: URL", { links: [{ title: "x", url: "file:///etc/passwd" }] }, "links.0.url"],
    ["protocol-relative URL", { links: [{ title: "x", url: "//evil.example" }] }, "links.0.url"],
    ["URL of 2049 characters", { links: [{ title: "x", url: "https://e.example/" + "a".repeat(2031) }] }, "links.0.url"],
    ["schedule ending before it starts", { links: [{ title: "x", url: "https://e.example", startsAt: "2030-01-02T00:00:00Z", endsAt: "2030-01-01T00:00:00Z" }] }, "links.0.endsAt"],
    ["schedule not a date", { links: [{ title: "x", url: "https://e.example", startsAt: "tomorrow" }] }, "links.0.startsAt"],
    ["unknown preset", { theme: { preset: "neon" } }, "theme.preset"],
    ["accent not #rrggbb", { theme: { preset: "classic", accent: "red" } }, "theme.accent"],
    ["accent with a bad digit", { theme: { preset: "classic", accent: "#12345g" } }, "theme.accent"],
    ["remote font", { theme: { preset: "classic", font: "https://fonts.example/x.woff" } }, "theme.font"],
    ["unknown button style", { theme: { preset: "classic", buttonStyle: "blob" } }, "theme.buttonStyle"],
    ["unknown field (named)", { colour: "red" }, "colour"],
  ];

  it.each(cases)("%s", async (_name, patch, field) => {
    const before = await countPages();
    const res = await call("POST", "/api/v1/pages", { body: { ...base(), ...patch } });
    await expectProblem(res, 400, field);
    expect(await countPages()).toBe(before);
  });

  it("says a missing field is required, in words, naming it", async () => {
    const body = await expectProblem(await call("POST", "/api/v1/pages", { body: { displayName: "No slug" } }), 400, "slug");
    expect(body.errors).toContainEqual({ field: "slug", pointer: "#/slug", message: "is required" });
    expect(body.detail).toBe("slug: is required");
  });

  it("accepts exactly 100 links and a 2048-character URL", async () => {
    const links = Array.from({ length: 100 }, (_, i) => ({ title: `L${i}`, url: "https://example.com/" + "a".repeat(2028) }));
    expect(links[0]!.url.length).toBe(2048);
    const res = await call("POST", "/api/v1/pages", { body: { ...base(), links } });
    expect(res.status).toBe(201);
    expect((await json(res)).page.links).toHaveLength(100);
  });

  it("refuses a taken slug with 409, in any case", async () => {
    const { slug } = await createPage();
    await expectProblem(await call("POST", "/api/v1/pages", { body: { slug, displayName: "B" } }), 409);
    await expectProblem(await call("POST", "/api/v1/pages", { body: { slug: slug.toUpperCase(), displayName: "B" } }), 409);
  });

  it("answers malformed JSON with 400, a non-JSON type with 415, and a body over 256 KiB with 413", async () => {
    await expectProblem(await call("POST", "/api/v1/pages", { rawBody: "{not json", headers: { "content-type": "application/json" } }), 400);
    await expectProblem(await call("POST", "/api/v1/pages", { rawBody: JSON.stringify(base()), headers: { "content-type": "text/plain" } }), 415);
    await expectProblem(await call("POST", "/api/v1/pages", { rawBody: "null", headers: { "content-type": "application/json" } }), 400);
    await expectProblem(await call("POST", "/api/v1/pages", { rawBody: "[]", headers: { "content-type": "application/json" } }), 400);
    const big = JSON.stringify({ ...base(), bio: "x".repeat(300_000) });
    await expectProblem(await call("POST", "/api/v1/pages", { rawBody: big, headers: { "content-type": "application/json" } }), 413);
  });

  it("answers an unknown API route with a 404 problem", async () => {
    await expectProblem(await call("GET", "/api/v1/nothing-here"), 404);
  });
});

describe("PATCH refuses bad input and leaves the page exactly as it was", () => {
  it.each([
    ["an invalid field among valid ones", { bio: "changed", links: [{ title: "x", url: "javascript:alert(1)" }] }, "links.0.url"],
    ["a reserved slug (a rename to it)", { slug: "dashboard" }, "slug"],
    ["a link id not on the page", { links: [{ id: "ln_nope", title: "x", url: "https://x.example" }] }, "links.0.id"],
    ["an empty display name", { displayName: "" }, "displayName"],
    ["an unknown field (named)", { plan: "pro" }, "plan"],
  ])("%s", async (_name, body, field) => {
    const { slug, token, etag, page } = await createPage();
    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { token, body }), 400, field);
    const after = await call("GET", `/api/v1/pages/${slug}`, { token });
    expect(after.headers.get("etag")).toBe(etag);
    expect(await json(after)).toEqual(page);
  });
});
