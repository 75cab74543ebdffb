// When the click buffer's next flush is due (src/link-page/flush-runner.ts, its pure functions): pure timing, no storage.
import { describe, expect, it } from "vitest";
import { DEFAULT_FLUSH_INTERVAL_S, flushDueAt, flushIntervalMs, FLUSH_SOON_ROWS } from "../../src/link-page/flush-runner";

describe("flushIntervalMs", () => {
  it("takes FLUSH_INTERVAL_SECONDS in seconds, fractions included", () => {
    expect(flushIntervalMs("30")).toBe(30_000);
    expect(flushIntervalMs("0.5")).toBe(500);
  });

  it.each([undefined, "", "0", "-5", "soon", "Infinity", "NaN"])("falls back to the default for %s", (setting) => {
    expect(flushIntervalMs(setting)).toBe(DEFAULT_FLUSH_INTERVAL_S * 1000);
  });
});

describe("flushDueAt", () => {
  const now = 1_000_000;

  it("is one interval after now while the buffer is small", () => {
    expect(flushDueAt(now, 1, 10_000)).toBe(now + 10_000);
    expect(flushDueAt(now, FLUSH_SOON_ROWS - 1, 10_000)).toBe(now + 10_000);
  });

  it("is now once FLUSH_SOON_ROWS clicks wait, so a storm never builds a huge buffer", () => {
    expect(flushDueAt(now, FLUSH_SOON_ROWS, 10_000)).toBe(now);
    expect(flushDueAt(now, FLUSH_SOON_ROWS * 5, 10_000)).toBe(now);
  });
});
