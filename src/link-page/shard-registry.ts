// The page DO's side of click shards (docs/performance.md#click-shards-built): which shard DOs have
// counted for this page (so analytics, rename and delete reach every one), each shard's latest
// per-link totals (for live counts), and whether routers should use shards now (shard-switch.ts).
// A shard is listed before it counts its first click (it asks for the page through shardView, which
// lists it) and stays listed until the page is deleted or renamed, so none is forgotten with clicks.
import { ShardSwitch } from "./shard-switch";

export class ShardRegistry {
  readonly #sql: () => SqlStorage;
  #switch: ShardSwitch | undefined;
  #totals: Map<string, Record<string, number>> | undefined; // shard -> link -> total

  constructor(sql: () => SqlStorage) {
    this.#sql = sql;
  }

  static schema = "CREATE TABLE IF NOT EXISTS shards (name TEXT PRIMARY KEY, totals TEXT NOT NULL DEFAULT '{}')";

  #table(): SqlStorage {
    const sql = this.#sql();
    sql.exec(ShardRegistry.schema);
    return sql;
  }

  #all(): Map<string, Record<string, number>> {
    if (!this.#totals) {
      const rows = this.#table().exec<{ name: string; totals: string }>("SELECT name, totals FROM shards").toArray();
      this.#totals = new Map(rows.map((r) => [r.name, JSON.parse(r.totals) as Record<string, number>]));
    }
    return this.#totals;
  }

  names(): string[] {
    return [...this.#all().keys()];
  }

  register(name: string): void {
    if (this.#all().has(name)) return;
    this.#table().exec("INSERT OR IGNORE INTO shards (name) VALUES (?)", name);
    this.#all().set(name, {});
  }

  /** A shard's cumulative totals: store them, and answer how much each link grew since its last report. */
  report(name: string, totals: Record<string, number>): Record<string, number> {
    const before = this.#all().get(name) ?? {};
    const grown: Record<string, number> = {};
    for (const [link, n] of Object.entries(totals)) if (n > (before[link] ?? 0)) grown[link] = n - (before[link] ?? 0);
    this.#table().exec("INSERT OR REPLACE INTO shards (name, totals) VALUES (?, ?)", name, JSON.stringify(totals));
    this.#all().set(name, totals);
    return grown;
  }

  /** All shards' clicks on a link. */
  totalOf(linkId: string): number {
    let n = 0;
    for (const t of this.#all().values()) n += t[linkId] ?? 0;
    return n;
  }

  /** The page's own totals plus every shard's. */
  merged(own: Record<string, number>): Record<string, number> {
    const out = { ...own };
    for (const t of this.#all().values()) for (const [link, n] of Object.entries(t)) out[link] = (out[link] ?? 0) + n;
    return out;
  }

  remove(name: string): void {
    this.#table().exec("DELETE FROM shards WHERE name = ?", name);
    this.#all().delete(name);
  }

  /** Shards routers should use now, after `n` more clicks at `now`; persisted when it changes. */
  counted(n: number, now: number): number {
    const sw = (this.#switch ??= new ShardSwitch(this.#storedShards()));
    const before = sw.shards;
    const after = sw.counted(n, now);
    if (after !== before) this.#sql().exec("INSERT OR REPLACE INTO _meta (key, value) VALUES ('shards', ?)", String(after));
    return after;
  }

  shards(): number {
    return this.#switch?.shards ?? this.#storedShards();
  }

  #storedShards(): number {
    const row = this.#sql().exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'shards'").toArray()[0];
    return row ? Number(row.value) : 0;
  }

  /** Storage was wiped (page deleted or moved away). */
  reset(): void {
    this.#switch = undefined;
    this.#totals = undefined;
  }
}
