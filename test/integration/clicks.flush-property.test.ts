// Property: whatever happens between clicks — flushes that succeed, fail before D1 commits, fail
// after it commits, get held while more clicks arrive, DO evictions and crashes — every accepted
// click ends up counted in D1 exactly once, and analytics never shows a different total (the same
// range is asked after every step, so this also covers reuse of cached D1 snapshots, analytics/snapshots.ts).
// After every step: analytics total == accepted clicks; per link, D1 + buffered clicks above D1's
// watermark == accepted (nothing lost, nothing twice); unflushed clicks always have an alarm armed.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { LinkPage } from "../../src/link-page/link-page";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { installFaultyD1, isInjectedFault, restoreRealD1, type Fault } from "../helpers/faulty-d1";
import { pageIdOf } from "../helpers/storage";

const LINKS = 3;

type Op =
  | { op: "click"; link: number; n: number }
  | { op: "alarm"; fault: Fault | null }
  | { op: "alarm-with-clicks-in-flight"; fault: Fault | null; link: number; n: number }
  | { op: "restart"; how: "evict" | "crash" };

const link = fc.integer({ min: 0, max: LINKS - 1 });
const fault = fc.constantFrom<Fault | null>(null, "before", "after");
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("click" as const), link, n: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("alarm" as const), fault }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("alarm-with-clicks-in-flight" as const), fault, link, n: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("restart" as const), how: fc.constantFrom("evict" as const, "crash" as const) }) },
);

const stubOf = (slug: string): DurableObjectStub<LinkPage> => env.LINK_PAGE.getByName(slug);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface World {
  slug: string;
  token: string;
  pageId: string;
  linkIds: string[];
  accepted: number[];
}

/** What D1, the DO and the analytics endpoint say about the page right now. */
async function observe(w: World) {
  const counts = await env.DB.prepare("SELECT link_id, SUM(clicks) AS n FROM click_counts WHERE page_id = ? GROUP BY link_id")
    .bind(w.pageId)
    .all<{ link_id: string; n: number }>();
  const watermark = (await env.DB.prepare("SELECT seq FROM click_flushes WHERE page_id = ?").bind(w.pageId).first<{ seq: number }>())?.seq ?? 0;
  const { rows, alarm } = await runInDurableObject(stubOf(w.slug), (_i, s) => ({
    rows: s.storage.sql.exec<{ seq: number; link_id: string }>("SELECT seq, link_id FROM clicks").toArray(),
    alarm: s.storage.getAlarm(),
  }));
  const res = await call("GET", `/api/v1/pages/${w.slug}/analytics`, { token: w.token });
  expect(res.status).toBe(200);
  const d1 = w.linkIds.map((id) => counts.results.find((r) => r.link_id === id)?.n ?? 0);
  const unflushed = w.linkIds.map((id) => rows.filter((r) => r.link_id === id && r.seq > watermark).length);
  return { d1, unflushed, buffered: rows.length, alarm: await alarm, analytics: (await json(res)).totals.clicks as number };
}

async function checkInvariants(w: World, step: string): Promise<void> {
  const o = await observe(w);
  const total = w.accepted.reduce((a, b) => a + b, 0);
  expect(o.analytics, `analytics total after ${step}`).toBe(total);
  expect(o.d1.map((n, i) => n + o.unflushed[i]!), `D1 + unflushed per link after ${step}`).toEqual(w.accepted);
  if (o.unflushed.some((n) => n > 0)) expect(o.alarm, `an alarm is armed for unflushed clicks after ${step}`).not.toBeNull();
}

/** What the runs really exercised (a property that never hit a fault would prove little). */
const seen = { faultsBefore: 0, faultsAfter: 0, heldWithClicks: 0, restarts: 0 };

/** runDurableObjectAlarm, where a rejection must be the fault we injected (null: none expected). */
async function runAlarm(w: World, expected: Fault | null): Promise<void> {
  try {
    await runDurableObjectAlarm(stubOf(w.slug));
  } catch (err) {
    if (!expected || !isInjectedFault(err, expected)) throw err;
    seen[expected === "before" ? "faultsBefore" : "faultsAfter"]++;
  }
}

async function sendClicks(w: World, linkIdx: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await click(w.slug, w.linkIds[linkIdx]!);
    if (res.status === 302) w.accepted[linkIdx]!++;
    else expect(res.status).toBe(302);
  }
}

async function apply(w: World, op: Op): Promise<void> {
  switch (op.op) {
    case "click":
      return sendClicks(w, op.link, op.n);
    case "alarm": {
      if (op.fault) (await installFaultyD1(w.slug)).fail(op.fault);
      try {
        await runAlarm(w, op.fault);
      } finally {
        await restoreRealD1(w.slug); // an unused fault (no alarm armed) must not leak into later steps
      }
      return;
    }
    case "alarm-with-clicks-in-flight": {
      const faulty = await installFaultyD1(w.slug);
      faulty.pauseNext();
      if (op.fault) faulty.fail(op.fault);
      let settled = false;
      const run = runAlarm(w, op.fault).finally(() => (settled = true));
      // No alarm armed, or nothing buffered: the run ends without a batch to hold.
      while (!faulty.holding && !settled) await sleep(1);
      await sendClicks(w, op.link, op.n);
      if (faulty.holding) {
        seen.heldWithClicks++;
        await checkInvariants(w, "clicks during a held flush");
      }
      faulty.release();
      try {
        await run;
      } finally {
        await restoreRealD1(w.slug);
      }
      return;
    }
    case "restart":
      seen.restarts++;
      if (op.how === "evict") await evictDurableObject(stubOf(w.slug));
      // ctx.abort crashes this DO only (abortAllDurableObjects would hit other test files' DOs too).
      else await runInDurableObject(stubOf(w.slug), (_i, s) => s.abort("simulated crash")).catch(() => undefined);
      return;
  }
}

let consoleError: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {}); // failed flushes log on purpose
});
afterAll(() => consoleError.mockRestore());

it("every accepted click is counted in D1 exactly once, whatever fails in between", { timeout: 120_000 }, async () => {
  let runs = 0;
  const t0 = Date.now();
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
      runs++;
      const links = Array.from({ length: LINKS }, (_, i) => ({ title: `L${i}`, url: `https://l${i}.example` }));
      const { slug, token, page } = await createPage({ links });
      const w: World = { slug, token, pageId: await pageIdOf(slug), linkIds: page.links.map((l: { id: string }) => l.id), accepted: [0, 0, 0] };

      for (const [i, op] of ops.entries()) {
        await apply(w, op);
        await checkInvariants(w, `step ${i} ${JSON.stringify(op)}`);
      }

      // Real D1 from here on: alarms until the buffer is empty. An alarm must be armed whenever
      // something is buffered, so each round has one to run.
      for (let round = 0; (await observe(w)).buffered > 0; round++) {
        expect(round, "rounds to empty the buffer").toBeLessThan(10);
        expect(await runDurableObjectAlarm(stubOf(slug)), "an alarm is armed while clicks are buffered").toBe(true);
      }
      // A leftover alarm (armed by clicks during a flush) finds nothing to do.
      await runDurableObjectAlarm(stubOf(slug));
      const end = await observe(w);
      expect(end.d1).toEqual(w.accepted);
      expect(end.buffered).toBe(0);
      expect(end.alarm).toBeNull();
      expect(end.analytics).toBe(w.accepted.reduce((a, b) => a + b, 0));
    }),
    { numRuns: 40 },
  );
  console.log(`flush property: ${runs} runs in ${Date.now() - t0} ms, exercised ${JSON.stringify(seen)}`);
  for (const [what, n] of Object.entries(seen)) expect(n, `${what} over all runs`).toBeGreaterThan(0);
});
