// How often a click shard reports its totals to the page DO (src/click-shard/click-shard.ts, the rule its
// #report loop applies, modelled here with a clock): at once
// after a quiet spell, then at least REPORT_WATCHED_MS apart while an owner watches live, and
// REPORT_UNWATCHED_MS apart otherwise — however the clicks are spaced.
import { describe, expect, it } from "vitest";
import { REPORT_UNWATCHED_MS, REPORT_WATCHED_MS, reportWait } from "../../src/click-shard/click-shard";

/** Report times for clicks at `clicksAt`, each report taking `rpcMs`, as the shard's loop sends them. */
function reports(clicksAt: number[], watched: boolean, rpcMs: number): number[] {
  const sent: number[] = [];
  let last = -Infinity;
  let busyUntil = -Infinity;
  let pending = false;
  for (let now = 0, i = 0; i < clicksAt.length || pending; now++) {
    while (i < clicksAt.length && clicksAt[i] === now) (pending = true), i++;
    if (pending && now >= busyUntil && reportWait(last, now, watched) === 0) {
      sent.push(now);
      last = now;
      busyUntil = now + rpcMs;
      pending = false;
    }
  }
  return sent;
}

describe("shard report pacing", () => {
  it("reports at once after a quiet spell", () => {
    expect(reportWait(-Infinity, 1_000, true)).toBe(0);
    expect(reportWait(0, REPORT_UNWATCHED_MS, false)).toBe(0);
  });

  it("keeps reports an interval apart even when each click finds no report in flight", () => {
    const clicks = Array.from({ length: 100 }, (_, k) => k * 10); // a click every 10 ms, a report's RPC takes 2 ms
    for (const [watched, every] of [[true, REPORT_WATCHED_MS], [false, REPORT_UNWATCHED_MS]] as const) {
      const sent = reports(clicks, watched, 2);
      expect(sent[0]).toBe(0);
      for (let k = 1; k < sent.length; k++) expect(sent[k]! - sent[k - 1]!).toBeGreaterThanOrEqual(every);
      expect(sent.length).toBeLessThanOrEqual(Math.ceil(1_000 / every) + 1);
      expect(sent.at(-1)).toBeGreaterThanOrEqual(clicks.at(-1)!); // the last click is reported too
    }
  });
});
