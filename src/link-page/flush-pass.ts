// One flush pass of a click buffer to D1, exactly once in effect (the flush's steps: flush-runner.ts;
// the statements it sends: flush-plan.ts).
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

import { flushPlan, type Group, type ViewGroup } from "./flush-plan";

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
