// What one flush pass writes to D1, as plain statements (pure: flush-pass.ts runs them as one batch).
// Every upsert is guarded by "D1's watermark for this buffer is still `from`", then the watermark
// moves to `to` under the same guard and is read back — so a batch D1 already committed (its reply
// lost) adds nothing the second time, and the read-back tells the DO where D1 stands.

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
