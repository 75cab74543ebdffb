// What the page DO's RPC modules share (link-page.ts lists them): its storage, the page as last read,
// and the helpers that own the rest — flushes, live sockets, renders, click shards, moves. One per
// DO instance; the modules take it as their first argument instead of reaching into the class.
import { newReferrerKey } from "../lib/referrer";
import { FlushRunner } from "./flush-runner";
import { LiveHub } from "./live/hub";
import { PageMover } from "./mover";
import { RenderMemory } from "./render-memory";
import { ShardRegistry } from "./shard-registry";
import { hasSchema, migrate } from "./sqlite-schema";
import { readPage, type StoredPage } from "./store";
import { linkPageStub } from "./stub";

export class PageCore {
  /** The page as last read or written; undefined = not read yet. */
  page: StoredPage | null | undefined;
  hasSchema: boolean;
  #referrerKey: string | undefined;
  readonly flusher: FlushRunner;
  readonly live: LiveHub;
  readonly renders: RenderMemory;
  readonly shards: ShardRegistry;
  readonly moves: PageMover;

  /** `d1`: the DO's D1 binding, read at each use (flushes, a page's move). */
  constructor(
    readonly ctx: DurableObjectState,
    readonly env: Cloudflare.Env,
    d1: () => D1Database,
  ) {
    this.hasSchema = hasSchema(ctx.storage.sql);
    if (this.hasSchema) migrate(ctx.storage);
    this.flusher = new FlushRunner(ctx.storage, env, d1);
    this.live = new LiveHub(ctx, {
      sql: () => (this.hasSchema ? ctx.storage.sql : null),
      page: () => this.load() && { pageId: this.page!.pageId, slug: this.page!.slug },
      send: (slug, msg) => linkPageStub(env, slug).relayLive(msg),
    });
    this.renders = new RenderMemory(this.hasSchema);
    this.shards = new ShardRegistry(() => ctx.storage.sql, (name) => env.CLICK_SHARD.getByName(name));
    this.moves = new PageMover(ctx, env, {
      d1,
      hasSchema: () => this.hasSchema,
      pageLeft: (to) => {
        this.page = null;
        this.flusher.reset();
        this.live.moved(to);
      },
    });
  }

  get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  load(): StoredPage | null {
    if (this.page === undefined) this.page = this.hasSchema ? readPage(this.sql) : null;
    return this.page;
  }

  /** A move of this page left unfinished is carried out first (link-page/mover.ts). */
  settled(): Promise<void> {
    return this.moves.settle(() => this.flusher.idle());
  }

  /** Create the DO's tables on the first write (a DO that never held a page has none). */
  ensureSchema(): void {
    if (this.hasSchema) return;
    migrate(this.ctx.storage);
    this.hasSchema = true;
  }

  /** This page's random key for signing carried referrers, created on first use and kept in _meta. */
  keyForReferrers(): string {
    if (this.#referrerKey) return this.#referrerKey;
    const row = this.sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'referrer_key'").toArray()[0];
    this.#referrerKey = row?.value ?? newReferrerKey();
    if (!row) this.sql.exec("INSERT INTO _meta (key, value) VALUES ('referrer_key', ?)", this.#referrerKey);
    return this.#referrerKey;
  }

  /** The page's key came with a move, or storage was wiped: read it again on use. */
  forgetReferrerKey(): void {
    this.#referrerKey = undefined;
  }

  /** Where this address's page went, if it moved (the old address redirects for a while). */
  movedTo(now?: number): ReturnType<PageMover["movedTo"]> {
    return this.load() ? null : this.moves.movedTo(now);
  }
}
