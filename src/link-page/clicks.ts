// The click buffer in the page DO's SQLite: synchronous, so a click is stored before the DO answers.
// Page views share it (one row per batch, views > 0), so one watermark flushes both exactly once.
import type { CarriedViews, ViewBatch } from "./types";

export interface ClickMeta {
  country: string; // '' on free pages
  referrer: string; // '' for direct or free pages
}

/** Buffer one click and bump the link's all-time total; returns the new total. */
export function bufferClick(sql: SqlStorage, linkId: string, at: number, meta: ClickMeta): number {
  sql.exec("INSERT INTO clicks (link_id, at, country, referrer) VALUES (?, ?, ?, ?)", linkId, at, meta.country, meta.referrer);
  const row = sql
    .exec<{ total: number }>(
      "INSERT INTO link_totals (link_id, total) VALUES (?, 1) ON CONFLICT (link_id) DO UPDATE SET total = total + 1 RETURNING total",
      linkId,
    )
    .one();
  return row.total;
}

/** Buffer a batch of page views: `n` views in the hour starting at `hourMs` (one row). */
export function bufferViews(sql: SqlStorage, hourMs: number, n: number): void {
  sql.exec("INSERT INTO clicks (link_id, at, views) VALUES ('', ?, ?)", hourMs, n);
}

/** The batches a render call carried, with the rendering request's own view added if it `counts`. */
export function withOwnView(views: CarriedViews, counts: boolean): ViewBatch[] {
  const own = views.ownHourMs;
  if (own === undefined || !counts) return views.served;
  const same = views.served.find((b) => b.hourMs === own);
  return same ? views.served.map((b) => (b === same ? { hourMs: own, n: b.n + 1 } : b)) : [...views.served, { hourMs: own, n: 1 }];
}

/** Buffered rows (clicks and view batches): what the flush schedule sizes itself by. */
export function bufferedCount(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM clicks").one().n;
}

export function linkTotals(sql: SqlStorage): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const r of sql.exec<{ link_id: string; total: number }>("SELECT link_id, total FROM link_totals")) totals[r.link_id] = r.total;
  return totals;
}

/** Buffered clicks in [fromMs, toMs) with their sequence numbers, for analytics that include unflushed clicks. */
export interface BufferedClick {
  seq: number;
  linkId: string;
  at: number;
  country: string;
  referrer: string;
}

export function bufferedClicks(sql: SqlStorage, fromMs: number, toMs: number): BufferedClick[] {
  return sql
    .exec<{ seq: number; link_id: string; at: number; country: string; referrer: string }>(
      "SELECT seq, link_id, at, country, referrer FROM clicks WHERE views = 0 AND at >= ? AND at < ? ORDER BY seq",
      fromMs,
      toMs,
    )
    .toArray()
    .map((r) => ({ seq: r.seq, linkId: r.link_id, at: r.at, country: r.country, referrer: r.referrer }));
}

/** Buffered view batches in [fromMs, toMs): `n` views at `at` (an hour's start). */
export interface BufferedViews {
  seq: number;
  at: number;
  n: number;
}

export function bufferedViews(sql: SqlStorage, fromMs: number, toMs: number): BufferedViews[] {
  return sql
    .exec<{ seq: number; at: number; n: number }>("SELECT seq, at, views AS n FROM clicks WHERE views > 0 AND at >= ? AND at < ? ORDER BY seq", fromMs, toMs)
    .toArray();
}
