// /privacy's "last updated" date must move whenever a published fact changes (docs/privacy.md#last-updated).
// Each date the facts were published under is pinned here to a digest of those facts. Changing a
// fact changes the digest: the test then fails until PRIVACY_LAST_UPDATED moves to a new date and
// that date is added below with the new digest (the test prints it). An old date can't take a new digest.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PRIVACY_FACTS, PRIVACY_LAST_UPDATED } from "../../src/lib/privacy-facts";

const PUBLISHED: Record<string, string> = {
  "2026-12-04": "e4bf8ae4c6d683fdc880a31cf31bdba45103d224ad9b41245a3fe362922a92e0", // first published with views, photos, double opt-in and released addresses
};

/** The facts as published, without their own date (the digest is what the date vouches for). */
function digest(): string {
  const { lastUpdated: _, ...facts } = PRIVACY_FACTS;
  return createHash("sha256").update(JSON.stringify(facts)).digest("hex");
}

describe("the privacy page's last-updated date", () => {
  it("is the date pinned to the facts published now", () => {
    const now = digest();
    const date = Object.keys(PUBLISHED).find((d) => PUBLISHED[d] === now);
    expect(
      date,
      `The published privacy facts changed (digest ${now}). Set PRIVACY_LAST_UPDATED in src/lib/privacy-facts.ts to today and add "<today>": "${now}" to PUBLISHED here.`,
    ).toBe(PRIVACY_LAST_UPDATED);
  });

  it("never goes backwards, and each date vouches for one set of facts", () => {
    const dates = Object.keys(PUBLISHED);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.at(-1)).toBe(PRIVACY_LAST_UPDATED);
    expect(new Set(Object.values(PUBLISHED)).size).toBe(dates.length);
  });
});
