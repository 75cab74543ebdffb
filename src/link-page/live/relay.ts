// Live sockets carried over a rename (docs/rename.md#live-sockets). Sockets opened at an old address
// stay on the old address's DO (a socket cannot move between objects); the DO now holding the page
// relays what they need to hear — counted clicks, and closes (access ended, claim, delete) — to each
// old address that still has sockets open. One RPC at a time per old address, carrying everything
// queued meanwhile, so a burst costs a call per round trip, not per click. The old DO answers how
// many sockets it still has; at 0 the address is dropped. The list is kept in `_meta.live_relays`, so
// it survives this DO's eviction; the old DO needs nothing stored, its sockets hibernate with it.
import type { LiveClick } from "../../schemas/live";

/** What the page's DO sends to an old address's DO. `slug`: where the page lives now. */
export interface LiveRelayMessage {
  pageId: string;
  slug: string;
  clicks: LiveClick[];
  closes: { tag: string | null; code: number; reason: string }[];
}

/** The old address's side, as the relay calls it (LinkPage.relayLive). */
export type RelayTarget = (slug: string, msg: LiveRelayMessage) => Promise<number>;

const KEY = "live_relays";

export function readRelays(sql: SqlStorage): string[] {
  const v = sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = ?", KEY).toArray()[0]?.value;
  return v ? (JSON.parse(v) as string[]) : [];
}

/** Call inside a transaction (or alone): the old addresses with sockets, never this DO's own. */
export function writeRelays(sql: SqlStorage, slugs: string[], own: string): void {
  const keep = [...new Set(slugs)].filter((s) => s !== own);
  if (keep.length) sql.exec("INSERT OR REPLACE INTO _meta (key, value) VALUES (?, ?)", KEY, JSON.stringify(keep));
  else sql.exec("DELETE FROM _meta WHERE key = ?", KEY);
}

export class LiveRelay {
  #targets: string[] | undefined; // undefined = not read from storage yet
  #queued = new Map<string, LiveRelayMessage>();
  #busy = new Set<string>();

  /** `page`: the page this DO holds now (null: none, nothing is relayed). */
  constructor(
    private readonly sql: () => SqlStorage | null,
    private readonly page: () => { pageId: string; slug: string } | null,
    private readonly send: RelayTarget,
  ) {}

  #list(): string[] {
    if (this.#targets === undefined) {
      const sql = this.sql();
      this.#targets = sql ? readRelays(sql) : [];
    }
    return this.#targets;
  }

  /** Are old addresses still holding sockets (so clicks here are being watched there)? */
  hasTargets(): boolean {
    return this.#list().length > 0;
  }

  /** Storage changed under us (a page received or left): read the list again on next use. */
  reload(): void {
    this.#targets = undefined;
  }

  push(click: LiveClick): void {
    for (const t of this.#list()) this.#queue(t)?.clicks.push(click);
    this.#pumpAll();
  }

  close(tag: string | null, code: number, reason: string): void {
    for (const t of this.#list()) this.#queue(t)?.closes.push({ tag, code, reason });
    this.#pumpAll();
  }

  /** Tell every old address where the page is now (their sockets hear {type:"renamed"}). */
  announce(): void {
    for (const t of this.#list()) this.#queue(t);
    this.#pumpAll();
  }

  /** The message queued for `t`, naming the page as it is now (a close may be the page's last act). */
  #queue(t: string): LiveRelayMessage | null {
    let q = this.#queued.get(t);
    const page = this.page();
    if (!q && page) this.#queued.set(t, (q = { pageId: page.pageId, slug: page.slug, clicks: [], closes: [] }));
    return q ?? null;
  }

  #pumpAll(): void {
    for (const t of this.#queued.keys()) if (!this.#busy.has(t)) void this.#pump(t);
  }

  async #pump(t: string): Promise<void> {
    this.#busy.add(t);
    try {
      for (let msg = this.#queued.get(t); msg; msg = this.#queued.get(t)) {
        this.#queued.delete(t);
        const page = msg;
        let open: number;
        try {
          open = await this.send(t, msg);
        } catch (err) {
          // Once more: the old DO skips clicks it already relayed (their totals only grow), so a
          // retry of a call that did land repeats nothing.
          console.error(`LiveRelay ${page.slug}: relaying to ${t} failed, trying once more`, err);
          try {
            open = await this.send(t, msg);
          } catch (again) {
            console.error(`LiveRelay ${page.slug}: relaying to ${t} failed twice; its sockets miss these ${msg.clicks.length} clicks`, again);
            continue;
          }
        }
        if (open === 0) this.#drop(t);
      }
    } finally {
      this.#busy.delete(t);
    }
  }

  #drop(t: string): void {
    this.#queued.delete(t);
    const page = this.page();
    const sql = this.sql();
    this.#targets = this.#list().filter((s) => s !== t);
    if (page && sql) writeRelays(sql, this.#targets, page.slug);
  }
}
