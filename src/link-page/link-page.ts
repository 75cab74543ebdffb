import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import { CLAIM_TAG, LIVE_CLOSE, LIVE_WHO_HEADER } from "../lib/live-tags";
import { newLinkId, newSocialId } from "../lib/ids";
import { PLATFORM_NAMES } from "../schemas/platforms";
import type { PatchPageInput, Plan } from "../schemas/page";
import { bufferClick, bufferedClicks, bufferedViews, bufferViews, linkTotals, withOwnView } from "./clicks";
import { localWatermark } from "./flush";
import { ClickFlusher } from "./flusher";
import { liveLink } from "./links";
import { writeSnapshot, type MoveMarker, type PageSnapshot } from "./move";
import { PageMover } from "./mover";
import { encode, replyTo } from "./live";
import { LiveHub } from "./live-hub";
import type { LiveRelayMessage } from "./live-relay";
import { closeSockets, liveTagsOf } from "./live-sockets";
import { applyPatch, matchesEtag, newPage, type NewPageInput } from "./page-edits";
import type { SignupState } from "../views/public-page";
import { renderPublicPage, type RenderedPage } from "./render";
import { RenderMemory } from "./render-memory";
import { ShardRegistry } from "./shard-registry";
import type { ClicksAnswer, ShardView } from "../click-shard/click-shard";
import { hasSchema, migrate } from "./schema";
import type { StoredAvatar } from "../media/photos";
import { etagOf, readPage, toPage, writePage, type PageStatus, type StoredPage } from "./store";
import { newReferrerKey, verifiedReferrer } from "../lib/referrer";
import type { BufferedAnalytics, CarriedViews, ClickInput, LinkTarget, MoveResult, PageResult, UpdateResult, ViewBatch } from "./types";

const NEW_IDS = { link: newLinkId, social: newSocialId };

export type { BufferedAnalytics, CarriedViews, ClickInput, LinkTarget, MoveResult, PageResult, UpdateResult, ViewBatch } from "./types";

/**
 * One Durable Object per link page, named by its slug. It owns the page's content in its own
 * SQLite, renders the public page, buffers clicks and flushes them to D1 on an alarm, and pushes
 * live counts to its owner's sockets. The router Worker authorises callers before anything reaches
 * it (routePartykitRequest is deliberately not mounted). Storage goes through ctx.storage.sql
 * directly: partyserver's this.sql rethrows whatever onException returns.
 */
export class LinkPage extends Server<Cloudflare.Env> {
  static options = { hibernate: true };

  #page: StoredPage | null | undefined; // undefined = not loaded yet
  #moves: PageMover;
  #renders: RenderMemory;
  #hasSchema: boolean;
  #flusher: ClickFlusher;
  #live: LiveHub;
  #referrerKey: string | undefined;
  #shards: ShardRegistry;
  /** D1 used by flushes; fault-injection tests swap in a failing wrapper around the real one. */
  d1: D1Database;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.#hasSchema = hasSchema(ctx.storage.sql);
    if (this.#hasSchema) migrate(ctx.storage);
    this.d1 = env.DB;
    this.#flusher = new ClickFlusher(ctx.storage, env, () => this.d1);
    this.#live = new LiveHub(ctx, {
      sql: () => (this.#hasSchema ? ctx.storage.sql : null),
      page: () => this.#load() && { pageId: this.#page!.pageId, slug: this.#page!.slug },
      send: (slug, msg) => (env.LINK_PAGE.getByName(slug) as DurableObjectStub<LinkPage>).relayLive(msg),
    });
    this.#renders = new RenderMemory(this.#hasSchema);
    this.#shards = new ShardRegistry(() => ctx.storage.sql, (name) => env.CLICK_SHARD.getByName(name));
    this.#moves = new PageMover(ctx, env, {
      d1: () => this.d1,
      hasSchema: () => this.#hasSchema,
      pageLeft: (to) => {
        this.#page = null;
        this.#flusher.reset();
        this.#live.moved(to);
      },
    });
  }

  #load(): StoredPage | null {
    if (this.#page === undefined) this.#page = this.#hasSchema ? readPage(this.ctx.storage.sql) : null;
    return this.#page;
  }

  /** A move of this page left unfinished is carried out first (link-page/mover.ts). */
  #settled(): Promise<void> {
    return this.#moves.settle(() => this.#flusher.idle());
  }

  /**
   * Rename: move this page, with `patch`'s other edits, to the DO named `to` (docs/rename.md). Clicks,
   * edits and flushes wait while it runs (blockConcurrencyWhile), so each lands wholly before the move
   * (and moves with it) or after it (and is sent to the new address). Resolves once no Worker serves
   * the page at the old address.
   */
  async moveTo(to: string, opts: { pageId: string; patch: PatchPageInput; ifMatch?: string; now: string }): Promise<MoveResult> {
    await this.#settled();
    if (this.#load()) await this.#shards.drain(); // docs/rename.md#click-shards
    await this.#flusher.idle(); // then synchronously into the block: no flush can start in between
    const res = await this.ctx.blockConcurrencyWhile(async (): Promise<MoveResult> => {
      const cur = this.#load();
      if (!cur || cur.pageId !== opts.pageId) return { ok: false, reason: "not_found" };
      // A shard that still holds clicks (or took one since its drain) would count for the old address: refuse for now.
      if (this.#shards.names().length > 0) return { ok: false, reason: "failed" };
      const edit = applyPatch(cur, opts.patch, opts, NEW_IDS);
      if (!edit.ok) return edit;
      const marker: MoveMarker = { from: cur.slug, page: { ...edit.page, slug: to }, at: Date.parse(opts.now) };
      return this.#moves.start(marker);
    });
    if (res.ok) await this.#renders.changed();
    return res;
  }

  /** The other half of moveTo, on the new address's DO: take the page unless another page lives here. */
  async receiveMove(snapshot: PageSnapshot): Promise<{ ok: true } | { ok: false; reason: "exists" }> {
    const cur = this.#load();
    // Already here (a retried copy whose first reply was lost): the copy here may have counted since.
    if (cur) return cur.pageId === snapshot.page.pageId ? { ok: true } : { ok: false, reason: "exists" };
    if (!this.#hasSchema) {
      migrate(this.ctx.storage);
      this.#hasSchema = true;
    }
    this.ctx.storage.transactionSync(() => writeSnapshot(this.ctx.storage.sql, snapshot));
    this.#page = snapshot.page;
    this.#moves.forget();
    this.#live.received(snapshot.page.slug);
    this.#referrerKey = undefined; // the page's own key came with it (move.ts), read again on use
    await this.ctx.storage.deleteAlarm(); // a tombstone's expiry alarm; the flusher arms its own
    await this.#flusher.resync(Date.now());
    await this.#renders.changed(); // this address may have answered "moved" within the last second
    return { ok: true };
  }

  /** Store an edit; resolves once no Worker can still serve the page as it was before it. */
  async #save(page: StoredPage): Promise<void> {
    if (!this.#hasSchema) {
      migrate(this.ctx.storage);
      this.#hasSchema = true;
    }
    this.ctx.storage.transactionSync(() => writePage(this.ctx.storage.sql, page));
    this.#page = page;
    await this.#renders.changed();
  }

  /** Create the page. Refuses if this DO already holds one (the caller then undoes its D1 row). */
  async create(input: NewPageInput): Promise<PageResult | { ok: false; reason: "exists" }> {
    await this.#settled();
    if (this.#load()) return { ok: false, reason: "exists" };
    const page = newPage(input, NEW_IDS);
    if (this.#hasSchema) this.ctx.storage.sql.exec("DELETE FROM _meta WHERE key = 'moved_to'"); // an old page's tombstone: its hold is over
    closeSockets(this.ctx, null, LIVE_CLOSE.pageMoved, ""); // and that page's sockets, if any were still open
    this.#moves.forget();
    await this.#save(page);
    return { ok: true, page: toPage(page, this.env.APP_URL), etag: etagOf(page) };
  }

  async get(): Promise<PageResult | null> {
    await this.#settled();
    const page = this.#load();
    return page ? { ok: true, page: toPage(page, this.env.APP_URL), etag: etagOf(page) } : null;
  }

  /** Apply a validated PATCH. If-Match is checked here, in the DO's single thread, so two racing edits can't both win. */
  async update(patch: PatchPageInput, opts: { ifMatch?: string; now: string }): Promise<UpdateResult> {
    await this.#settled();
    const cur = this.#load();
    if (!cur) {
      const movedTo = this.#moves.movedTo();
      return movedTo ? { ok: false, reason: "moved", slug: movedTo.slug } : { ok: false, reason: "not_found" };
    }
    const edit = applyPatch(cur, patch, opts, NEW_IDS);
    if (!edit.ok) return edit;
    await this.#save(edit.page);
    return { ok: true, page: toPage(edit.page, this.env.APP_URL), etag: etagOf(edit.page) };
  }

  /**
   * Set or remove the profile photo (its bytes are already in R2). Answers the photo it replaced, so
   * the caller can delete that object, and the page's id, so a caller can tell a page re-created
   * under the slug since it looked (its upload then belongs to nobody and is deleted).
   */
  async setAvatar(avatar: StoredAvatar | null, opts: { pageId: string; now: string }): Promise<(PageResult & { previous: StoredAvatar | null }) | null> {
    const cur = this.#load();
    if (!cur || cur.pageId !== opts.pageId) return null;
    const page = { ...cur, avatar, version: cur.version + 1, updatedAt: opts.now };
    await this.#save(page);
    return { ok: true, page: toPage(page, this.env.APP_URL), etag: etagOf(page), previous: cur.avatar };
  }

  /** What the share card is drawn from (routes/media.ts); null when there is no live page. */
  async cardFacts(): Promise<{ pageId: string; version: number; displayName: string; theme: StoredPage["theme"] } | null> {
    const page = this.#load();
    return page && page.status === "active" ? { pageId: page.pageId, version: page.version, displayName: page.displayName, theme: page.theme } : null;
  }

  /** Ownership facts the router keeps in D1, mirrored here because rendering needs them. */
  async setOwnership(o: { claimed: boolean; plan: Plan; now: string }): Promise<void> {
    await this.#settled();
    const cur = this.#load();
    if (!cur) return;
    await this.#save({ ...cur, claimed: o.claimed, plan: o.plan, version: cur.version + 1, updatedAt: o.now });
    // The claim token is spent: sockets opened with it end (the owner reconnects signed in).
    if (o.claimed && !cur.claimed) this.#live.close(CLAIM_TAG, LIVE_CLOSE.pageClaimed, "page claimed");
  }

  /** Remove everything this DO stores: content, click buffer, totals and the alarm. */
  async destroy(opts: { ifMatch?: string; pageId?: string } = {}): Promise<{ ok: true } | { ok: false; etag: string }> {
    // Let an in-flight flush finish first: otherwise its D1 batch could land after the router has
    // deleted this page's aggregates, or its local cleanup could hit a re-created page's buffer.
    await this.#settled();
    await this.#flusher.settle();
    if (this.#load()) await this.#shards.wipe(); // click shards forget the page and its clicks first
    // Checked here, in the DO's single thread, with nothing awaited before the wipe: If-Match, and
    // that this is still the page the router looked up (not one re-created under the slug since).
    const cur = this.#load();
    if (cur && opts.pageId && cur.pageId !== opts.pageId) return { ok: true }; // that page is gone already
    if (opts.ifMatch && cur && !matchesEtag(opts.ifMatch, etagOf(cur))) return { ok: false, etag: etagOf(cur) };
    // Its owner's sockets end with it (here and at its old addresses): a page later created under this slug is someone else's.
    this.#live.close(null, LIVE_CLOSE.pageDeleted, "page deleted");
    await this.ctx.storage.deleteAll();
    await this.ctx.storage.deleteAlarm();
    this.#page = null;
    this.#moves.forget();
    this.#referrerKey = undefined;
    this.#hasSchema = false;
    this.#flusher.reset();
    this.#shards.reset();
    await this.#renders.changed();
    return { ok: true };
  }

  /**
   * The public page HTML, or null when there is no page. Cached here until an edit or a schedule
   * boundary; the caller may reuse it for PAGE_CACHE_TTL_MS (edits wait that out, allowing for clock skew: see #save).
   * `origin`: where its absolute addresses (og:url, og:image) point — the Worker's publicOrigin.
   */
  async render(now: number, signup: SignupState = "form", origin = this.env.APP_URL, views?: CarriedViews): Promise<(RenderedPage & { referrerKey?: string }) | null> {
    await this.#settled();
    const page = this.#load();
    if (!page) {
      const movedTo = this.#moves.movedTo(now);
      return movedTo ? this.#renders.moved(movedTo.slug, movedTo.until) : this.#renders.missing();
    }
    const rendered = await this.#renders.render(page, origin, now, signup, () => this.#page ?? null);
    // Views riding on this call (actions/count-views.ts): the request's own counts only if it gets the page.
    if (views) await this.#bufferViews(withOwnView(views, !rendered.gone));
    // Pro pages sign the referrer domain they carry to their links (lib/referrer.ts): the Worker signs with this key.
    return rendered.plan === "pro" && !rendered.gone ? { ...rendered, referrerKey: this.#keyForReferrers() } : rendered;
  }

  /** This page's random key for signing carried referrers, created on first use and kept in _meta. */
  #keyForReferrers(): string {
    if (this.#referrerKey) return this.#referrerKey;
    const sql = this.ctx.storage.sql;
    const row = sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'referrer_key'").toArray()[0];
    this.#referrerKey = row?.value ?? newReferrerKey();
    if (!row) sql.exec("INSERT INTO _meta (key, value) VALUES ('referrer_key', ?)", this.#referrerKey);
    return this.#referrerKey;
  }

  /**
   * Page views a Worker isolate counted and batched (actions/count-views.ts): one buffer row per
   * hour, flushed to D1 with the clicks. Dropped only if there is no page here: a page taken down
   * since was still served when these views were counted (a 410 is never counted, routes/public.ts).
   */
  async countViews(batches: ViewBatch[]): Promise<void> {
    if (this.#load()) await this.#bufferViews(batches);
  }

  async #bufferViews(batches: ViewBatch[]): Promise<void> {
    const rows = batches.filter((b) => b.n > 0);
    for (const b of rows) bufferViews(this.ctx.storage.sql, b.hourMs, Math.trunc(b.n));
    if (rows.length > 0) await this.#flusher.viewed(Date.now(), rows.length);
  }

  /**
   * Count a click and say where it goes: written to this DO's SQLite before the answer (the RPC
   * reply waits for storage), then pushed to live sockets. Free pages keep only link and time.
   * A sensitive link is counted only once the visitor has chosen to continue (docs/pages.md#sensitive-links).
   */
  async click(input: ClickInput): Promise<LinkTarget> {
    await this.#settled();
    const page = this.#load();
    const movedTo = page ? null : this.#moves.movedTo(input.at);
    if (movedTo) return { movedTo: movedTo.slug }; // counted once, at the new address, when the visitor follows the 301
    const link = liveLink(page, input.linkId, input.at);
    if (!page || !link) return page?.status === "suspended" ? { gone: true } : null;
    if (link.sensitive && !input.continued) return { url: link.url, sensitive: true, title: link.title };
    const pro = page.plan === "pro";
    const referrer = pro && input.referrer ? verifiedReferrer(this.#keyForReferrers(), input.referrer, input.referrerSig, input.at) : null;
    const meta = { country: pro ? input.country : "", referrer: referrer ?? "" };
    const total = bufferClick(this.ctx.storage.sql, link.id, input.at, meta);
    this.#live.push({ linkId: link.id, total: total + this.#shardTotalOf(link.id), at: new Date(input.at).toISOString() });
    await this.#flusher.clicked(input.at);
    return { url: link.url };
  }

  /**
   * Several visitors' clicks in one call (the router groups concurrent clicks on a page, see
   * actions/record-click.ts): each is counted exactly as click() counts it, and the RPC reply — so
   * every visitor's 302 — waits for the one storage commit that makes them all durable.
   */
  async clicks(inputs: ClickInput[]): Promise<ClicksAnswer> {
    const targets: LinkTarget[] = [];
    for (const input of inputs) targets.push(await this.click(input));
    // The answer also tells the router whether to send this page's next clicks to shards (shard-switch.ts).
    const counted = targets.filter((t, i) => t?.url !== undefined && (!t.sensitive || inputs[i]!.continued)).length;
    return { targets, shards: this.#load() ? this.#shards.counted(counted, Date.now()) : 0 };
  }

  #shardTotalOf(linkId: string): number {
    return this.#hasSchema ? this.#shards.totalOf(linkId) : 0;
  }

  /**
   * A click shard asks for the page (click-shard/shard-view.ts): listed here first, so analytics,
   * rename and delete reach it; the copy counts like a render handed out, so edits wait it out.
   */
  async shardView(name: string): Promise<ShardView> {
    await this.#settled();
    const page = this.#shards.wiping ? null : this.#load();
    if (!page) {
      const movedTo = this.#moves.movedTo();
      return movedTo ? { page: null, movedTo: movedTo.slug, shards: 0 } : { page: null, shards: 0 };
    }
    this.#shards.register(name);
    this.#renders.lent();
    const referrerKey = page.plan === "pro" ? this.#keyForReferrers() : undefined;
    // counted(0): windows that passed quietly since the last click may turn shards off now.
    return { page, shards: this.#shards.counted(0, Date.now()), ...(referrerKey ? { referrerKey } : {}) };
  }

  /** A shard's per-link totals (cumulative, so a repeated report changes nothing): live counts and the click rate. */
  async shardReport(name: string, pageId: string, totals: Record<string, number>): Promise<void> {
    const page = this.#load();
    if (!page || page.pageId !== pageId || !this.#shards.names().includes(name)) return;
    const grown = this.#shards.report(name, totals);
    const own = linkTotals(this.ctx.storage.sql);
    const at = new Date().toISOString();
    let n = 0;
    for (const [linkId, k] of Object.entries(grown)) {
      n += k;
      this.#live.push({ linkId, total: (own[linkId] ?? 0) + this.#shards.totalOf(linkId), at });
    }
    this.#shards.counted(n, Date.now());
  }

  /** Unflushed clicks and page views in [fromMs, toMs) with the page facts analytics needs. */
  async bufferedAnalytics(fromMs: number, toMs: number): Promise<BufferedAnalytics | null> {
    await this.#settled();
    const page = this.#load();
    if (!page) return null;
    return {
      pageId: page.pageId,
      plan: page.plan,
      links: [
        ...page.links.filter((l) => l.type === "link").map((l) => ({ id: l.id, title: l.title })),
        ...page.socials.map((s) => ({ id: s.id, title: `${PLATFORM_NAMES[s.platform]} (social icon)` })),
      ],
      clicks: bufferedClicks(this.ctx.storage.sql, fromMs, toMs),
      views: bufferedViews(this.ctx.storage.sql, fromMs, toMs),
      flushedSeq: localWatermark(this.ctx.storage.sql),
      shards: await this.#shards.buffers(fromMs, toMs),
    };
  }

  /** Flush buffered clicks to D1 (see flusher.ts). */
  async onAlarm(): Promise<void> {
    try {
      await this.#settled(); // an unfinished move first (mover.ts set this alarm to retry it)
    } catch {
      return; // still unfinished: retried on the alarm carryOutMove set again
    }
    const page = this.#load();
    if (page) return this.#flusher.alarm(page, () => this.#hasSchema);
    if (this.#moves.expired()) {
      // The hold is over: the address forgets its old page (a new one may be created here), and
      // sockets still open from before the move end (reconnecting follows the index to the page).
      closeSockets(this.ctx, null, LIVE_CLOSE.pageMoved, "");
      await this.ctx.storage.deleteAll();
      this.#moves.forget();
      this.#hasSchema = false;
      return;
    }
    // A tombstone woken early (a click's flush alarm set as the page left): wake again when the hold ends.
    const moved = this.#moves.movedTo();
    if (moved) await this.ctx.storage.setAlarm(moved.until);
  }

  /** Live sockets: the router only forwards an upgrade after authorising the page's owner. */
  getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    return liveTagsOf(ctx.request, LIVE_WHO_HEADER);
  }

  /** Close the live sockets opened with an access that has ended (actions/live-access.ts). */
  async closeLive(tag: string, code: number, reason: string): Promise<number> {
    return this.#live.close(tag, code, reason);
  }

  /** From the page's DO at its new address, for sockets opened here before it moved (link-page/live-relay.ts). */
  async relayLive(msg: LiveRelayMessage): Promise<number> {
    const movedTo = this.#load() ? null : this.#moves.movedTo();
    return this.#live.relayed(msg, movedTo && { pageId: movedTo.pageId, slug: movedTo.slug });
  }

  onConnect(connection: Connection): void {
    const movedTo = this.#load() ? null : this.#moves.movedTo();
    if (movedTo) return connection.close(LIVE_CLOSE.pageMoved, movedTo.slug);
    this.#live.connect(connection, () => (this.#hasSchema ? this.#shards.merged(linkTotals(this.ctx.storage.sql)) : {}));
  }

  onMessage(connection: Connection, message: WSMessage): void {
    connection.send(encode(replyTo(message)));
  }

  onRequest(): Response {
    return new Response("Not found", { status: 404 });
  }

  /**
   * A self-contained copy of the public page (export): links point straight at their URLs, our own
   * addresses are absolute, and the photo is the data: URI the caller read from R2.
   */
  async staticHtml(now: number, avatarSrc?: string, origin = this.env.APP_URL): Promise<string | null> {
    await this.#settled();
    const page = this.#load();
    return page ? (await renderPublicPage(page, origin, now, { standalone: { avatarSrc } })).html : null;
  }

  /** Where a link points, if it is live now; null for unknown, disabled or out-of-schedule links. */
  async resolveLink(linkId: string, now: number): Promise<LinkTarget> {
    await this.#settled();
    const page = this.#load();
    const movedTo = page ? null : this.#moves.movedTo(now);
    if (movedTo) return { movedTo: movedTo.slug };
    const link = liveLink(page, linkId, now);
    if (link) return link.sensitive ? { url: link.url, sensitive: true, title: link.title } : { url: link.url };
    return page?.status === "suspended" ? { gone: true } : null;
  }

  /** The operator's kill switch: takes the public page and its redirects down (410) at once. */
  async setStatus(status: PageStatus, now: string): Promise<boolean> {
    await this.#settled();
    const cur = this.#load();
    if (!cur) return false;
    await this.#save({ ...cur, status, version: cur.version + 1, updatedAt: now });
    return true;
  }
}
