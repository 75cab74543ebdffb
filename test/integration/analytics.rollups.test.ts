// The rollups (migrations/0007_click_rollups.sql, 0009_link_block_totals.sql) are kept by triggers on
// click_counts and click_days; readCounts reads running totals and whole days from them and only
// edge hours from click_counts. Here the answer for many ranges is compared with the same sums
// taken straight from click_counts, after inserts in random order (late flushes of older hours).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deleteCountsStatements, readCounts } from "../../src/db/click-counts";
import { bucketize } from "../../src/analytics/buckets";

const DAY = 24;
const base = 20_000 * DAY; // an epoch hour at a UTC midnight

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

async function upsert(pageId: string, hour: number, link: string, country: string, referrer: string, clicks: number) {
  // The flush's own statement shape (link-page/flush-pass.ts): insert, or add to the existing row.
  await env.DB.prepare(
    `INSERT INTO click_counts (page_id, hour, link_id, country, referrer, clicks) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (page_id, hour, link_id, country, referrer) DO UPDATE SET clicks = clicks + excluded.clicks`,
  )
    .bind(pageId, hour, link, country, referrer, clicks)
    .run();
}

async function direct(pageId: string, col: string, fromHour: number, toHour: number) {
  const r = await env.DB.prepare(`SELECT ${col} AS key, SUM(clicks) AS clicks FROM click_counts WHERE page_id = ? AND hour >= ? AND hour < ? GROUP BY ${col}`)
    .bind(pageId, fromHour, toHour)
    .all<{ key: string | number; clicks: number }>();
  return sorted(r.results);
}

const sorted = (rows: { key: string | number; clicks: number }[]) =>
  rows.map((r) => ({ key: String(r.key), clicks: r.clicks })).sort((a, b) => a.key.localeCompare(b.key));

// Hundreds of sequential D1 writes: generous time, so a 2-core machine busy with other work still passes.
const MANY_WRITES = { timeout: 60_000 };

describe("analytics rollups", () => {
  it("give exactly the sums of click_counts for day-aligned, edge, one-day and empty ranges", MANY_WRITES, async () => {
    const pageId = "pg_rollup_test_1";
    const next = rng(42);
    const links = ["ln_a", "ln_b", "ln_c"];
    for (let i = 0; i < 400; i++) {
      // Repeats of the same key go through the trigger's UPDATE path, like later flushes of one hour.
      const hour = base + Math.floor(next() * 10 * DAY);
      await upsert(pageId, hour, links[Math.floor(next() * 3)]!, next() < 0.5 ? "FR" : "", next() < 0.3 ? "news.example" : "", 1 + Math.floor(next() * 4));
    }
    const ranges: [number, number][] = [
      [base, base + 10 * DAY], // whole days
      [base + 5, base + 9 * DAY + 17], // partial days at both ends
      [base + 3 * DAY + 2, base + 3 * DAY + 20], // inside one day
      [base + 3 * DAY + 20, base + 4 * DAY + 3], // across one midnight, no whole day
      [base + 2 * DAY, base + 2 * DAY + 1], // one hour
      [base - 5 * DAY, base - DAY], // before any data
      [base + 20, base + 8 * DAY + 15], // late in the first day, late in the last: totals minus hours
      [base + 2 * DAY + 13, base + 2 * DAY + 14], // one late hour
      [base - 3 * DAY + 4, base + 30 * DAY + 2], // starting and ending outside the data
    ];
    for (const [from, to] of ranges) {
      const got = await readCounts(env.DB, pageId, from, to, { dimensions: true });
      expect(sorted(got.byLink), `links ${from}–${to}`).toEqual(await direct(pageId, "link_id", from, to));
      expect(sorted(got.byCountry), `countries ${from}–${to}`).toEqual(await direct(pageId, "country", from, to));
      // Rows with no country are clicks made on Free: their referrer reads NULL, "not recorded" (db/range-counts.ts).
      expect(sorted(got.byReferrer), `referrers ${from}–${to}`).toEqual(await direct(pageId, "CASE WHEN country = '' THEN NULL ELSE referrer END", from, to));
      expect(sorted(got.byHour), `hours ${from}–${to}`).toEqual(await direct(pageId, "hour", from, to));
    }
    // Day series in UTC (page_days): day-aligned starts, ends at midnight or within a day.
    for (const [from, to] of [[base, base + 10 * DAY], [base + DAY, base + 7 * DAY + 9], [base - DAY, base + 2 * DAY + 23]] as const) {
      const got = await readCounts(env.DB, pageId, from, to, { dimensions: false, utcDays: true });
      const byDay = await env.DB.prepare(
        "SELECT hour / 24 * 24 AS key, SUM(clicks) AS clicks FROM click_counts WHERE page_id = ? AND hour >= ? AND hour < ? GROUP BY hour / 24",
      )
        .bind(pageId, from, to)
        .all<{ key: number; clicks: number }>();
      expect(sorted(got.byHour), `days ${from}–${to}`).toEqual(sorted(byDay.results));
      expect(sorted(got.byLink), `links by day ${from}–${to}`).toEqual(await direct(pageId, "link_id", from, to));
    }
    const free = await readCounts(env.DB, pageId, base, base + 10 * DAY, { dimensions: false });
    expect(free.byCountry).toEqual([]);
    expect(free.byReferrer).toEqual([]);
  });

  it("read a range's partial end day from click_days when that day has no clicks outside the range", async () => {
    const pageId = "pg_rollup_test_3";
    const day = base + 3 * DAY;
    for (const [hour, link, n] of [[day - 20, "ln_a", 2], [day + 1, "ln_a", 1], [day + 2, "ln_b", 4], [day + 5, "ln_a", 3]] as const) {
      await upsert(pageId, hour, link, "", "", n);
    }
    const ranges: [number, number][] = [
      [day - DAY, day + 12], // data of the last day all before the end: whole-day rows stand in
      [day - DAY, day + 3], // a click later that day (hour 5): hour by hour
      [day + 2, day + 12], // starts mid-day after a click (hour 1): hour by hour
      [day, day + 6], // the whole day's data inside, within one day
      [day - 22, day + 1], // across midnight: the left day has a click outside (none before hour −22? yes: −20 is inside)
    ];
    for (const [from, to] of ranges) {
      const got = await readCounts(env.DB, pageId, from, to, { dimensions: true });
      expect(sorted(got.byLink), `links ${from - day}–${to - day}`).toEqual(await direct(pageId, "link_id", from, to));
      expect(sorted(got.byCountry), `countries ${from - day}–${to - day}`).toEqual(await direct(pageId, "country", from, to));
    }
  });

  it("give exact totals around the current hour, where hours after now are known to be empty", MANY_WRITES, async () => {
    const pageId = "pg_rollup_test_4";
    const now = Math.floor(Date.now() / 3_600_000);
    const next = rng(7);
    for (let i = 0; i < 120; i++) {
      await upsert(pageId, now - Math.floor(next() * 60), ["ln_a", "ln_b"][Math.floor(next() * 2)]!, "", "", 1 + Math.floor(next() * 3));
    }
    for (const [from, to] of [[now - 30 * DAY, now + 1], [now - 40, now - 3], [now - 13, now + 1], [Math.floor(now / DAY) * DAY, now + 1]]) {
      const got = await readCounts(env.DB, pageId, from!, to!, { dimensions: false });
      expect(sorted(got.byLink), `links ${from! - now}–${to! - now}`).toEqual(await direct(pageId, "link_id", from!, to!));
    }
  });

  it("built by the migration from existing data equal what the triggers keep", MANY_WRITES, async () => {
    const next = rng(99);
    for (let i = 0; i < 150; i++) {
      await upsert(`pg_rollup_test_m${i % 3}`, base + Math.floor(next() * 6 * DAY), ["ln_a", "ln_b", "ln_c"][Math.floor(next() * 3)]!, "", "", 1 + Math.floor(next() * 4));
    }
    const dump = async () =>
      env.DB.batch([
        env.DB.prepare("SELECT * FROM link_block_totals ORDER BY page_id, block, link_id"),
        env.DB.prepare("SELECT * FROM page_days ORDER BY page_id, day"),
      ]).then((r) => r.map((x) => x.results));
    const kept = await dump();
    expect(kept[0]!.length).toBeGreaterThan(0);
    // The migration's own backfill statements, run again on empty tables.
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0009_"))!;
    const backfill = migration.queries.filter((q) => /^\s*(--[^\n]*\n\s*)*INSERT INTO (link_block_totals|page_days)/.test(q));
    expect(backfill).toHaveLength(2);
    await env.DB.batch([env.DB.prepare("DELETE FROM link_block_totals"), env.DB.prepare("DELETE FROM page_days")]);
    for (const q of backfill) await env.DB.prepare(q).run();
    expect(await dump()).toEqual(kept);
  });

  it("cost a flushed click in the current block the same few rows read, however long the page's history", async () => {
    // D1 bills rows read, and flushes hold its single writer: the usual flush (clicks of the current
    // 4-hour block) must not walk the page's history or every link's rows.
    const readsOfOneClick = async (pageId: string, blocks: number) => {
      // 100 links (a page's most): walking one block's rows would read 100.
      const rows = Array.from({ length: blocks * 100 }, (_, i) => [base + Math.floor(i / 100) * 4, `ln_${i % 100}`] as const);
      for (let i = 0; i < rows.length; i += 50) {
        await env.DB.batch(
          rows.slice(i, i + 50).map(([hour, link]) =>
            env.DB.prepare("INSERT INTO click_counts (page_id, hour, link_id, country, referrer, clicks) VALUES (?, ?, ?, '', '', 1)").bind(pageId, hour, link),
          ),
        );
      }
      const last = base + (blocks - 1) * 4;
      const insert = await env.DB.prepare(
        `INSERT INTO click_counts (page_id, hour, link_id, country, referrer, clicks) VALUES (?, ?, 'ln_3', 'FR', '', 1)
         ON CONFLICT (page_id, hour, link_id, country, referrer) DO UPDATE SET clicks = clicks + excluded.clicks`,
      )
        .bind(pageId, last + 1)
        .run();
      const update = await env.DB.prepare(
        `INSERT INTO click_counts (page_id, hour, link_id, country, referrer, clicks) VALUES (?, ?, 'ln_3', 'FR', '', 1)
         ON CONFLICT (page_id, hour, link_id, country, referrer) DO UPDATE SET clicks = clicks + excluded.clicks`,
      )
        .bind(pageId, last + 1)
        .run();
      return [insert.meta.rows_read, update.meta.rows_read];
    };
    const short = await readsOfOneClick("pg_rollup_test_cost_1", 2);
    const long = await readsOfOneClick("pg_rollup_test_cost_2", 30);
    expect(long).toEqual(short);
    expect(Math.max(...long)).toBeLessThan(50);
  });

  it("are removed with the page's aggregates", async () => {
    const pageId = "pg_rollup_test_2";
    await upsert(pageId, base + 1, "ln_a", "", "", 3);
    await env.DB.batch(deleteCountsStatements(env.DB, pageId));
    for (const table of ["click_counts", "click_hours", "click_days", "link_block_totals", "page_days"]) {
      const r = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE page_id = ?`).bind(pageId).first<{ n: number }>();
      expect(r!.n, table).toBe(0);
    }
  });
});

describe("day buckets", () => {
  it("match a plain hour-by-hour walk of local dates, across DST changes and odd zones", () => {
    const naive = (from: number, to: number, tz: string) => {
      const fmt = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
      const starts: number[] = [];
      let last = "";
      for (let h = from; h < to; h++) {
        const d = fmt.format(h * 3_600_000);
        if (d !== last) starts.push(h);
        last = d;
      }
      return starts;
    };
    const march2026 = Math.floor(Date.UTC(2026, 2, 20) / 3_600_000);
    for (const tz of ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Kiritimati"]) {
      for (const [from, to] of [
        [march2026 + 7, march2026 + 20 * DAY + 5],
        [march2026 + 200 * DAY, march2026 + 230 * DAY],
        [march2026 + 3, march2026 + 9],
      ] as const) {
        const { starts, bucketOf } = bucketize(from, to, "day", tz);
        expect(starts, `${tz} ${from}`).toEqual(naive(from, to, tz));
        expect(bucketOf.size).toBe(to - from);
      }
    }
  });
});
