// Moving a page to another Durable Object (a rename: the DO is named by the slug) — the storage half.
// docs/rename.md says why the steps run in this order. Pure functions over the DO's SQLite:
//  - the snapshot the old DO sends: the page, per-link totals, the unflushed click buffer *with its
//    sequence numbers*, the highest sequence number ever used, and the local flush watermark — so the
//    new DO continues the page's one sequence and its flushes stay exactly-once (flush-pass.ts);
//  - the marker the old DO writes before it starts ("moving": count nothing, finish the move first);
//  - the tombstone it becomes ("moved to X"), answered with a 301 until RELEASED_SLUG_HOLD_MS is over.
import { RELEASED_SLUG_HOLD_MS } from "../lib/policy";
import { localWatermark } from "./flush-pass";
import { readRelays, writeRelays } from "./live/relay";
import { writePage, type StoredPage } from "./store";

export interface PageSnapshot {
  page: StoredPage;
  totals: { linkId: string; total: number }[];
  /** The buffer as stored: clicks, and page-view batches (`views` > 0, link_id ''). */
  clicks: { seq: number; linkId: string; at: number; country: string; referrer: string; views: number }[];
  /** A pro page's key for signing carried referrers (links signed before the move keep working). */
  referrerKey?: string;
  /** The highest click sequence number ever handed out (sqlite_sequence), buffered or flushed. */
  lastSeq: number;
  flushedSeq: number;
  /** Old addresses whose DOs still hold live sockets of this page (live/relay.ts). */
  liveRelays: string[];
}

/** A move in progress, kept in the old DO's `_meta` until the move is done or undone. */
export interface MoveMarker {
  from: string;
  /** The page as it will be stored at its new address (new slug, version + 1, any edits of the same PATCH). */
  page: StoredPage;
  at: number;
}

export interface Tombstone {
  movedTo: string;
  pageId: string;
  movedAt: number;
}

const get = (sql: SqlStorage, key: string) => sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = ?", key).toArray()[0]?.value;
const put = (sql: SqlStorage, key: string, value: string) => sql.exec("INSERT OR REPLACE INTO _meta (key, value) VALUES (?, ?)", key, value);

export function lastSeq(sql: SqlStorage): number {
  return sql.exec<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'clicks'").toArray()[0]?.seq ?? 0;
}

/** Everything the page's new DO needs, with `page` as it will be stored there. */
export function readSnapshot(sql: SqlStorage, page: StoredPage): PageSnapshot {
  return {
    page,
    totals: sql.exec<{ link_id: string; total: number }>("SELECT link_id, total FROM link_totals").toArray().map((r) => ({ linkId: r.link_id, total: r.total })),
    clicks: sql
      .exec<{ seq: number; link_id: string; at: number; country: string; referrer: string; views: number }>(
        "SELECT seq, link_id, at, country, referrer, views FROM clicks ORDER BY seq",
      )
      .toArray()
      .map((r) => ({ seq: r.seq, linkId: r.link_id, at: r.at, country: r.country, referrer: r.referrer, views: r.views })),
    referrerKey: get(sql, "referrer_key"),
    lastSeq: lastSeq(sql),
    flushedSeq: localWatermark(sql),
    liveRelays: readRelays(sql),
  };
}

/**
 * Store a received snapshot over whatever this DO held (nothing, or a tombstone). Call inside
 * transactionSync. The click sequence continues above every number the page has used, so nothing
 * sent later can fall at or under the D1 watermark.
 */
export function writeSnapshot(sql: SqlStorage, s: PageSnapshot): void {
  sql.exec("DELETE FROM clicks");
  sql.exec("DELETE FROM link_totals");
  sql.exec("DELETE FROM _meta WHERE key IN ('moved_to', 'moving', 'flushed_seq', 'referrer_key')");
  writePage(sql, s.page);
  writeRelays(sql, s.liveRelays ?? [], s.page.slug);
  if (s.referrerKey) put(sql, "referrer_key", s.referrerKey);
  for (const t of s.totals) sql.exec("INSERT INTO link_totals (link_id, total) VALUES (?, ?)", t.linkId, t.total);
  for (const c of s.clicks) {
    sql.exec("INSERT INTO clicks (seq, link_id, at, country, referrer, views) VALUES (?, ?, ?, ?, ?, ?)", c.seq, c.linkId, c.at, c.country, c.referrer, c.views ?? 0);
  }
  const seq = Math.max(s.lastSeq, lastSeq(sql));
  if (sql.exec("SELECT 1 FROM sqlite_sequence WHERE name = 'clicks'").toArray().length) {
    sql.exec("UPDATE sqlite_sequence SET seq = ? WHERE name = 'clicks'", seq);
  } else {
    sql.exec("INSERT INTO sqlite_sequence (name, seq) VALUES ('clicks', ?)", seq);
  }
  if (s.flushedSeq > 0) put(sql, "flushed_seq", String(s.flushedSeq));
}

export function readMarker(sql: SqlStorage): MoveMarker | null {
  const v = get(sql, "moving");
  return v ? (JSON.parse(v) as MoveMarker) : null;
}

export function writeMarker(sql: SqlStorage, m: MoveMarker): void {
  put(sql, "moving", JSON.stringify(m));
}

export function clearMarker(sql: SqlStorage): void {
  sql.exec("DELETE FROM _meta WHERE key = 'moving'");
}

/** The old DO gives up its page: content, totals and buffer go (the new DO holds them); call inside transactionSync. */
export function becomeTombstone(sql: SqlStorage, t: Tombstone): void {
  for (const table of ["page", "links", "clicks", "link_totals"]) sql.exec(`DELETE FROM ${table}`);
  sql.exec("DELETE FROM _meta WHERE key IN ('moving', 'flushed_seq', 'referrer_key', 'live_relays')");
  put(sql, "moved_to", JSON.stringify(t));
}

export function readTombstone(sql: SqlStorage): Tombstone | null {
  const v = get(sql, "moved_to");
  return v ? (JSON.parse(v) as Tombstone) : null;
}

/**
 * Point an old address's tombstone elsewhere: at the page's newest address after a later rename (one
 * hop, never a chain), or nowhere ("") once the page is deleted — the address then answers 404 while
 * its hold lasts. False when this tombstone is not the page's.
 */
export function retargetTombstone(sql: SqlStorage, t: Tombstone, pageId: string, to: string): Tombstone | null {
  if (t.pageId !== pageId) return null;
  const next = { ...t, movedTo: to };
  put(sql, "moved_to", JSON.stringify(next));
  return next;
}

/** Until when a tombstone redirects (then the address is free, and the DO forgets it). */
export const tombstoneEnds = (t: Tombstone) => t.movedAt + RELEASED_SLUG_HOLD_MS;
