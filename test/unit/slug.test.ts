import { describe, expect, it } from "vitest";
import { RESERVED_SLUGS, SlugSchema } from "../../src/schemas/slug";

describe("SlugSchema", () => {
  it.each([
    ["ada", "ada"],
    ["Ada-Lovelace", "ada-lovelace"],
    ["0day", "0day"],
    ["a_b", "a_b"],
    ["a".repeat(32), "a".repeat(32)],
  ])("accepts %j as %j", (raw, slug) => {
    expect(SlugSchema.parse(raw)).toBe(slug);
  });

  it.each(["ab", "a".repeat(33), "-abc", "_abc", "ab c", "ab.c", "../admin", "%2e%2e%2f", "ａｄｍｉｎ", "adm\u200bin", "éclair", ""])(
    "refuses %j",
    (raw) => {
      expect(SlugSchema.safeParse(raw).success).toBe(false);
    },
  );

  it("refuses every reserved name that is otherwise well-formed, in any case", () => {
    const required = "api auth dashboard dev admin privacy terms static assets login logout signup settings healthz www".split(" ");
    for (const name of required) {
      expect(RESERVED_SLUGS.has(name)).toBe(true);
      expect(SlugSchema.safeParse(name.toUpperCase()).success).toBe(false);
    }
    expect(RESERVED_SLUGS.has("favicon.ico") && RESERVED_SLUGS.has("robots.txt")).toBe(true);
  });
});
