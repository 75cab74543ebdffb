// db/named-sql.ts: `:name` placeholders become D1's numbered `?N`, one number per name.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { compileNamed, namedStatement } from "../../src/db/named-sql";

describe("named SQL parameters", () => {
  it("number names in order of first use and reuse a number for a repeated name", () => {
    const { text, names } = compileNamed("SELECT :b + :a + :b AS x WHERE :a_2 IS NOT NULL");
    expect(text).toBe("SELECT ?1 + ?2 + ?1 AS x WHERE ?3 IS NOT NULL");
    expect(names).toEqual(["b", "a", "a_2"]);
  });

  it("bind each name's value in D1", async () => {
    const row = await namedStatement(env.DB, "SELECT :big - :small AS diff, :big AS big, :label AS label", { small: 2, big: 7, label: "x", unused: 1 }).first();
    expect(row).toEqual({ diff: 5, big: 7, label: "x" });
  });

  it("refuse a statement with a name that has no value", () => {
    expect(() => namedStatement(env.DB, "SELECT :missing", {})).toThrow(/:missing/);
    expect(() => namedStatement(env.DB, "SELECT :u", { u: undefined })).toThrow(/:u/);
  });
});
