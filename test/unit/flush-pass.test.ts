// What one flush pass writes (src/link-page/flush-pass.ts, flushPlan): the statements themselves, then run twice
// against the real D1 to show a repeated batch (its first reply lost) counts nothing again.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { flushPlan, type FlushRange, type Group, type Statement, type ViewGroup } from "../../src/link-page/flush-pass";

const groupsOf = (n: number): Group[] =>
  Array.from({ length: n }, (_, i) => ({ hour: 490_000 + (i % 7), link_id: `ln_${i}`, country: i % 2 ? "DE" : "", referrer: i % 3 ? "" : "news.example", clicks: 1 + (i % 5) }));
const viewsOf = (n: number): ViewGroup[] => Array.from({ length: n }, (_, i) => ({ hour: 490_000 + i, views: 2 + i }));
const placeholders = (s: Statement) => (s.sql.match(/\?/g) ?? []).length;

const page: FlushRange = { pageId: "pg_plan", from: 40, to: 90 };
const shard: FlushRange = { pageId: "pg_plan", shard: "plan#3", from: 7, to: 12 };

describe("flushPlan", () => {
  it.each([0, 1, 16, 17, 5000])("%i click rows: every statement within D1's 100 bound parameters, one bind per placeholder", (n) => {
    for (const range of [page, shard]) {
      for (const s of flushPlan(range, groupsOf(n), viewsOf(Math.ceil(n / 3)))) {
        expect(s.binds.length).toBeLessThanOrEqual(100);
        expect(placeholders(s)).toBe(s.binds.length);
      }
    }
  });

  it("keeps every row through the chunking, and guards every upsert with this buffer's watermark", () => {
    const groups = groupsOf(123);
    const views = viewsOf(70);
    for (const range of [page, shard]) {
      const plan = flushPlan(range, groups, views);
      const upserts = plan.slice(0, -2);
      const guard = range.shard === undefined ? [range.pageId, range.from] : [range.pageId, range.shard, range.from];
      for (const s of upserts) {
        expect(s.sql).toContain(range.shard === undefined ? "FROM click_flushes" : "FROM click_shard_flushes");
        expect(s.binds.slice(-guard.length)).toEqual(guard);
      }
      const clickRows = upserts.filter((s) => s.sql.includes("click_counts")).flatMap((s) => rows(s.binds.slice(0, -guard.length), 6));
      expect(clickRows).toEqual(groups.map((g) => [range.pageId, g.hour, g.link_id, g.country, g.referrer, g.clicks]));
      const viewRows = upserts.filter((s) => s.sql.includes("view_counts")).flatMap((s) => rows(s.binds.slice(0, -guard.length), 3));
      expect(viewRows).toEqual(views.map((v) => [range.pageId, v.hour, v.views]));
    }
  });

  it("ends by moving the watermark from `from` to `to`, then reading it back", () => {
    const [move, read] = flushPlan(page, [], []);
    expect(move!.sql).toMatch(/^INSERT INTO click_flushes/);
    expect(move!.binds).toEqual([page.pageId, page.to, page.pageId, page.from]);
    expect(read!.sql).toMatch(/^SELECT seq FROM click_flushes/);
    const [sMove, sRead] = flushPlan(shard, [], []);
    expect(sMove!.binds).toEqual([shard.pageId, shard.shard, shard.to, shard.pageId, shard.shard, shard.from]);
    expect(sRead!.binds).toEqual([shard.pageId, shard.shard]);
  });

  it("run twice on D1 (the first reply lost): the second batch counts nothing and reads the same watermark", async () => {
    const range: FlushRange = { pageId: "pg_plan_twice", from: 0, to: 500 };
    const groups = groupsOf(40);
    const run = async () => {
      const res = await env.DB.batch<{ seq: number }>(flushPlan(range, groups, viewsOf(5)).map((s) => env.DB.prepare(s.sql).bind(...s.binds)));
      return res.at(-1)!.results[0]!.seq;
    };
    const total = () => env.DB.prepare("SELECT SUM(clicks) AS n FROM click_counts WHERE page_id = ?").bind(range.pageId).first<number>("n");
    expect(await run()).toBe(500);
    const once = await total();
    expect(once).toBe(groups.reduce((n, g) => n + g.clicks, 0));
    expect(await run()).toBe(500);
    expect(await total()).toBe(once);
  });
});

function rows(binds: (string | number)[], width: number): (string | number)[][] {
  return Array.from({ length: binds.length / width }, (_, i) => binds.slice(i * width, (i + 1) * width));
}
