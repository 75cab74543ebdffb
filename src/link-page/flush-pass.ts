// One flush pass of a click buffer to D1, exactly once in effect (when passes run: flush-runner.ts).
// The statements a pass sends are planned by flushPlan, a pure function (unit-tested on its own).
//
// Each buffered click has a monotonically increasing seq (AUTOINCREMENT never reuses one). D1 keeps,
// per page, the highest seq already counted (click_flushes). One flush pass:
//   1. aggregates buffered rows with local_watermark < seq <= W into (hour, link, country, referrer);
//   2. sends ONE D1 batch (a single transaction): every upsert is guarded by "D1's watermark is still
//      local_watermark", then the watermark moves to W under the same guard, then it is read back;
//   3. deletes local rows <= the watermark D1 returned, and stores it as the local watermark.
// If the DO died after D1 committed but before step 3, its local watermark is stale: the guarded
// upserts are no-ops, the read-back tells it the truth, and the next pass continues from there.
// Clicks arriving meanwhile have seq > W and are never deleted by this pass.
// Page views ride along: view batches are rows of the same buffer (views > 0), summed per hour into
// view_counts under the same guard in the same batch, so they are counted exactly once too.

// The plan. Every upsert is guarded by "D1's watermark for this buffer is still `from`", then the
// watermark moves to `to` under the same guard and is read back — so a batch D1 already committed
// (its reply lost) adds nothing the second time, and the read-back tells the DO where D1 stands.

/** D1 caps bound parameters at 100 per statement: 6 per row + 3 for a shard's guard. */
export const ROWS_PER_STATEMENT = 16;
/** The same for view rows: 3 per row + 3 for the guard. */
export const VIEW_ROWS_PER_STATEMENT = 32;

/** Buffered clicks aggregated per (hour, link, country, referrer). */
export type Group = { hour: number; link_id: string; country: string; referrer: string; clicks: number };
/** Buffered page views summed per hour. */
export type ViewGroup = { hour: number; views: number };

export interface Statement {
  sql: string;
  binds: (string | number)[];
}

export interface FlushRange {
  pageId: string;
  /** A click shard's name, for its own watermark (click_shard_flushes); none for the page DO's (click_flushes). */
  shard?: string;
  /** D1's watermark as this buffer last confirmed it, and the highest seq this pass covers. */
  from: number;
  to: number;
}

/** Where D1 keeps one buffer's watermark (migrations/0015_click_shards.sql for shards), each row guarding only its own seqs. */
function watermarkOf({ pageId, shard, from }: FlushRange) {
  if (shard === undefined) {
    return {
      guard: "COALESCE((SELECT seq FROM click_flushes WHERE page_id = ?), 0) = ?",
      binds: [pageId, from],
      move: (to: number): Statement => ({
        sql: `INSERT INTO click_flushes (page_id, seq) SELECT ?, ? WHERE COALESCE((SELECT seq FROM click_flushes WHERE page_id = ?), 0) = ?
           ON CONFLICT (page_id) DO UPDATE SET seq = excluded.seq`,
        binds: [pageId, to, pageId, from],
      }),
      read: { sql: "SELECT seq FROM click_flushes WHERE page_id = ?", binds: [pageId] },
    };
  }
  const guard = "COALESCE((SELECT seq FROM click_shard_flushes WHERE page_id = ? AND shard = ?), 0) = ?";
  return {
    guard,
    binds: [pageId, shard, from],
    move: (to: number): Statement => ({
      sql: `INSERT INTO click_shard_flushes (page_id, shard, seq) SELECT ?, ?, ? WHERE ${guard}
         ON CONFLICT (page_id, shard) DO UPDATE SET seq = excluded.seq`,
      binds: [pageId, shard, to, pageId, shard, from],
    }),
    read: { sql: "SELECT seq FROM click_shard_flushes WHERE page_id = ? AND shard = ?", binds: [pageId, shard] },
  };
}

/** The statements of one pass, in order: click upserts, view upserts, the watermark's move, its read-back (last). */
export function flushPlan(range: FlushRange, groups: Group[], viewGroups: ViewGroup[]): Statement[] {
  const mark = watermarkOf(range);
  const out: Statement[] = [];
  for (let i = 0; i < groups.length; i += ROWS_PER_STATEMENT) {
    const chunk = groups.slice(i, i + ROWS_PER_STATEMENT);
    out.push({
      sql: `INSERT INTO click_counts (page_id, hour, link_id, country, referrer, clicks)
           SELECT * FROM (VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}) WHERE ${mark.guard}
           ON CONFLICT (page_id, hour, link_id, country, referrer) DO UPDATE SET clicks = clicks + excluded.clicks`,
      binds: [...chunk.flatMap((g) => [range.pageId, g.hour, g.link_id, g.country, g.referrer, g.clicks]), ...mark.binds],
    });
  }
  for (let i = 0; i < viewGroups.length; i += VIEW_ROWS_PER_STATEMENT) {
    const chunk = viewGroups.slice(i, i + VIEW_ROWS_PER_STATEMENT);
    out.push({
      sql: `INSERT INTO view_counts (page_id, hour, views)
           SELECT * FROM (VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")}) WHERE ${mark.guard}
           ON CONFLICT (page_id, hour) DO UPDATE SET views = views + excluded.views`,
      binds: [...chunk.flatMap((g) => [range.pageId, g.hour, g.views]), ...mark.binds],
    });
  }
  out.push(mark.move(range.to), mark.read);
  return out;
}

// The pass.

/** Rows per pass, so one D1 batch stays well inside statement limits. */
export const MAX_ROWS_PER_PASS = 5000;

export interface FlushPass {
  /** Clicks newly counted in D1 by this pass. */
  counted: number;
  /** Page views newly counted in D1 by this pass. */
  viewsCounted: number;
  /** The watermark after the pass. */
  watermark: number;
  /** True when rows remain buffered above the watermark. */
  more: boolean;
  /** What this pass counted, aggregated (empty when it counted nothing): for the clicks.flushed webhook. */
  groups: Group[];
}

export function localWatermark(sql: SqlStorage): number {
  const row = sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'flushed_seq'").toArray()[0];
  return row ? Number(row.value) : 0;
}

/** One pass over this buffer; `shard` names a click shard's buffer (its own watermark), none the page DO's. */
export async function flushPass(sql: SqlStorage, db: D1Database, pageId: string, shard?: string): Promise<FlushPass> {
  const from = localWatermark(sql);
  const last = sql
    .exec<{ seq: number }>("SELECT seq FROM clicks WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?", from, MAX_ROWS_PER_PASS - 1)
    .toArray()[0];
  const to = last?.seq ?? sql.exec<{ m: number | null }>("SELECT MAX(seq) AS m FROM clicks").one().m ?? from;
  if (to <= from) {
    deleteUpTo(sql, from); // rows at or below the watermark are already counted
    return { counted: 0, viewsCounted: 0, watermark: from, more: false, groups: [] };
  }

  const groups = sql
    .exec<Group>(
      `SELECT at / 3600000 AS hour, link_id, country, referrer, COUNT(*) AS clicks
       FROM clicks WHERE seq > ? AND seq <= ? AND views = 0 GROUP BY 1, 2, 3, 4`,
      from,
      to,
    )
    .toArray()
    .map((g) => ({ ...g, hour: Math.floor(g.hour) }));
  const viewGroups = sql
    .exec<ViewGroup>(
      "SELECT at / 3600000 AS hour, SUM(views) AS views FROM clicks WHERE seq > ? AND seq <= ? AND views > 0 GROUP BY 1",
      from,
      to,
    )
    .toArray()
    .map((g) => ({ ...g, hour: Math.floor(g.hour) }));

  const plan = flushPlan({ pageId, shard, from, to }, groups, viewGroups);
  const results = await db.batch<{ seq: number }>(plan.map((s) => db.prepare(s.sql).bind(...s.binds)));
  const committed = results.at(-1)?.results[0]?.seq ?? 0;

  deleteUpTo(sql, committed);
  sql.exec("INSERT OR REPLACE INTO _meta (key, value) VALUES ('flushed_seq', ?)", String(committed));
  const counted = committed === to ? groups.reduce((n, g) => n + g.clicks, 0) : 0;
  const viewsCounted = committed === to ? viewGroups.reduce((n, g) => n + g.views, 0) : 0;
  const more = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM clicks WHERE seq > ?", committed).one().n > 0;
  return { counted, viewsCounted, watermark: committed, more, groups: counted > 0 ? groups : [] };
}

function deleteUpTo(sql: SqlStorage, seq: number): void {
  sql.exec("DELETE FROM clicks WHERE seq <= ?", seq);
}
