// The page DO's side of click shards (docs/performance.md#click-shards-built): which shard DOs have
// counted for this page (so analytics, rename and delete reach every one), each shard's latest
// per-link totals (for live counts), and whether routers should use shards now (shard-switch.ts).
// A shard is listed before it counts its first click (it asks for the page through shardView, which
// lists it) and stays listed until the page is deleted or renamed, so none is forgotten with clicks.
import type { ClickShard } from "../click-shard/click-shard";
import type { BufferedClick } from "./clicks";
import { ShardSwitch } from "./shard-switch";

export class ShardRegistry {
  readonly #sql: () => SqlStorage;
  readonly #stub: (name: string) => DurableObjectStub<ClickShard>;
  #switch: ShardSwitch | undefined;
  #totals: Map<string, Record<string, number>> | undefined; // shard -> link -> total
  /** wipe() is reaching the shards: none may take a copy of the page meanwhile. */
  wiping = false;

  constructor(sql: () => SqlStorage, stub: (name: string) => DurableObjectStub<ClickShard>) {
    this.#sql = sql;
    this.#stub = stub;
  }

  static schema = "CREATE TABLE IF NOT EXISTS shards (name TEXT PRIMARY KEY, totals TEXT NOT NULL DEFAULT '{}')";

  #table(): SqlStorage {
    const sql = this.#sql();
    sql.exec(ShardRegistry.schema);
    return sql;
  }

  #all(): Map<string, Record<string, number>> {
    if (!this.#totals) {
      // Read without creating: a page that never had shards keeps no table for them.
      const sql = this.#sql();
      const exists = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shards'").toArray().length > 0;
      const rows = exists ? sql.exec<{ name: string; totals: string }>("SELECT name, totals FROM shards").toArray() : [];
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

  /**
   * Before a rename (docs/rename.md#click-shards): each shard forgets the page and flushes all it
   * holds; a shard left empty is taken off the list. One still holding clicks (D1 failing) stays listed.
   */
  async drain(): Promise<void> {
    for (const name of this.names()) if ((await this.#stub(name).drain()) === 0) this.remove(name);
  }

  /** Before the page is deleted: every shard waits for its flush in flight and forgets the page and its buffer. */
  async wipe(): Promise<void> {
    this.wiping = true;
    try {
      await Promise.all(this.names().map((name) => this.#stub(name).destroy()));
    } finally {
      this.wiping = false;
    }
  }

  /** Every listed shard's unflushed clicks (analytics merges each above its own D1 watermark). */
  buffers(fromMs: number, toMs: number): Promise<{ name: string; clicks: BufferedClick[] }[]> {
    return Promise.all(this.names().map(async (name) => ({ name, clicks: (await this.#stub(name).buffered(fromMs, toMs)).clicks })));
  }

  /** Storage was wiped (page deleted or moved away). */
  reset(): void {
    this.#switch = undefined;
    this.#totals = undefined;
  }
}
