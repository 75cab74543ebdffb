import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNext } from "../../src/auth/magic-links";

const ORIGIN = "https://melinks.example";

/** What a redirect target must be: null, "/", or one "/" then neither "/" nor "\", on our origin. */
function expectSafe(input: string, out: string | null) {
  if (out === null) return;
  expect(out, JSON.stringify(input)).toMatch(/^\/(?:$|[^/\\])/);
  expect(new URL(out, ORIGIN).origin, JSON.stringify(input)).toBe(ORIGIN);
  expect(safeNext(out, ORIGIN), `not canonical: ${JSON.stringify(input)} → ${JSON.stringify(out)}`).toBe(out);
}

describe("safeNext", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/dashboard/pages/ada?tab=links#top", "/dashboard/pages/ada?tab=links#top"],
    ["/", "/"],
    ["/a/./b/../c", "/a/c"],
    ["/dashboard/%2e%2e/login", "/login"],
    ["/a b", "/a%20b"],
  ])("keeps the same-origin path %j as %j", (input, out) => {
    expect(safeNext(input, ORIGIN)).toBe(out);
  });

  it.each([
    "//evil.com",
    "/\\evil.com",
    "/.//evil.com", // the parser turns this into //evil.com
    "/./\\evil.com",
    "/a/..//evil.com",
    "/%2e//evil.com",
    "/.%2f/evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "/\r\n//evil.com",
    "/\u0000/evil.com",
    "https://evil.com",
    "http:evil.com",
    "javascript:alert(1)",
    "evil.com",
    " /dashboard",
    "",
  ])("refuses %j", (input) => {
    const out = safeNext(input, ORIGIN);
    expectSafe(input, out);
    expect(out === null || !/evil\.com/.test(new URL(out, ORIGIN).host)).toBe(true);
  });

  it("/.//evil.com never comes out as a protocol-relative URL", () => {
    expect(safeNext("/.//evil.com", ORIGIN)).toBeNull();
  });

  it("any string: null or a canonical same-origin path, on the first pass", () => {
    const pieces = fc.constantFrom("/", "\\", ".", "..", "%2e", "%2f", "%5c", "\t", "\n", ":", "@", "?", "#", "evil.com", "a", "%", "\u3002", " ");
    const paths = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(""));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), paths, paths.map((p) => "/" + p)), (input) => {
        expectSafe(input, safeNext(input, ORIGIN));
      }),
      { numRuns: 5000 },
    );
  });
});
