import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import type { ShardView } from "../click-shard/click-shard";
import { LIVE_CLOSE, LIVE_WHO_HEADER } from "../lib/live-tags";
import type { StoredAvatar } from "../media/photos";
import type { PatchPageInput, Plan } from "../schemas/page";
import type { SignupState } from "../views/public-page";
import { bufferedAnalytics, countClicks, countViews, resolveLink } from "./click-rpcs";
import { linkTotals } from "./clicks";
import { create, destroy, get, setAvatar, setOwnership, setStatus, update } from "./edit-rpcs";
import { encode, replyTo } from "./live/messages";
import type { LiveRelayMessage } from "./live/relay";
import { liveTagsOf } from "./live/sockets";
import type { PageSnapshot } from "./move";
import { followMove, moveTo, receiveMove, tombstoneAlarm } from "./move-rpcs";
import { PageCore } from "./page-core";
import type { NewPageInput } from "./page-edits";
import type { RenderedPage } from "./render";
import { render, staticHtml } from "./render-rpcs";
import { shardReport, shardView } from "./shard-rpcs";
import type { PageStatus, StoredPage } from "./store";
import type { BufferedAnalytics, CarriedViews, ClickInput, ClicksAnswer, LinkTarget, MoveResult, PageResult, UpdateResult, ViewBatch } from "./types";

export type { BufferedAnalytics, CarriedViews, ClickInput, ClicksAnswer, LinkTarget, MoveResult, PageResult, UpdateResult, ViewBatch } from "./types";

/**
 * One Durable Object per link page, named by its slug. It owns the page's content in its own
 * SQLite, renders the public page, buffers clicks and flushes them to D1 on an alarm, and pushes
 * live counts to its owner's sockets. The router Worker authorises callers before anything reaches
 * it (routePartykitRequest is deliberately not mounted). Storage goes through ctx.storage.sql
 * directly: partyserver's this.sql rethrows whatever onException returns.
 *
 * The class is a table of contents: each RPC hands its work to the module named beside it, all
 * sharing one PageCore (page-core.ts: the page as read, and its flusher, live hub, renders, shards
 * and mover).
 */
export class LinkPage extends Server<Cloudflare.Env> {
  static options = { hibernate: true };

  #core: PageCore;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.#core = new PageCore(ctx, env, () => this.env.DB);
  }

  // Content (edit-rpcs.ts)

  async create(input: NewPageInput): Promise<PageResult | { ok: false; reason: "exists" }> {
    return create(this.#core, input);
  }

  async get(): Promise<PageResult | null> {
    return get(this.#core);
  }

  async update(patch: PatchPageInput, opts: { ifMatch?: string; now: string }): Promise<UpdateResult> {
    return update(this.#core, patch, opts);
  }

  async setAvatar(avatar: StoredAvatar | null, opts: { pageId: string; now: string }): Promise<(PageResult & { previous: StoredAvatar | null }) | null> {
    return setAvatar(this.#core, avatar, opts);
  }

  async setOwnership(o: { claimed: boolean; plan: Plan; planVersion: number; pageId?: string; now: string }): Promise<boolean> {
    return setOwnership(this.#core, o);
  }

  async setStatus(status: PageStatus, now: string): Promise<boolean> {
    return setStatus(this.#core, status, now);
  }

  async destroy(opts: { ifMatch?: string; pageId?: string } = {}): Promise<{ ok: true } | { ok: false; etag: string }> {
    return destroy(this.#core, opts);
  }

  /** What the share card is drawn from (routes/media.ts); null when there is no live page. */
  async cardFacts(): Promise<{ pageId: string; version: number; displayName: string; theme: StoredPage["theme"] } | null> {
    const page = this.#core.load();
    return page && page.status === "active" ? { pageId: page.pageId, version: page.version, displayName: page.displayName, theme: page.theme } : null;
  }

  // Rename (move-rpcs.ts, docs/rename.md)

  async moveTo(to: string, opts: { pageId: string; patch: PatchPageInput; ifMatch?: string; now: string }): Promise<MoveResult> {
    return moveTo(this.#core, to, opts);
  }

  async receiveMove(snapshot: PageSnapshot): Promise<{ ok: true } | { ok: false; reason: "exists" }> {
    return receiveMove(this.#core, snapshot);
  }

  /** On an old address: the page moved on (`to`) or is gone (null). */
  async followMove(pageId: string, to: string | null): Promise<boolean> {
    return followMove(this.#core, pageId, to);
  }

  // HTML (render-rpcs.ts)

  async render(now: number, signup: SignupState = "form", origin = this.env.APP_URL, views?: CarriedViews): Promise<(RenderedPage & { referrerKey?: string; hot?: boolean }) | null> {
    return render(this.#core, now, signup, origin, views);
  }

  async staticHtml(now: number, avatarSrc?: string, origin = this.env.APP_URL): Promise<string | null> {
    return staticHtml(this.#core, now, avatarSrc, origin);
  }

  // Clicks and views in, buffered counts out (click-rpcs.ts); flushed to D1 on the alarm (flush-runner.ts)

  async clicks(inputs: ClickInput[]): Promise<ClicksAnswer> {
    return countClicks(this.#core, inputs);
  }

  async countViews(batches: ViewBatch[]): Promise<void> {
    return countViews(this.#core, batches);
  }

  async resolveLink(linkId: string, now: number): Promise<LinkTarget> {
    return resolveLink(this.#core, linkId, now);
  }

  async bufferedAnalytics(fromMs: number, toMs: number): Promise<BufferedAnalytics | null> {
    return bufferedAnalytics(this.#core, fromMs, toMs);
  }

  /** The alarm: finish a move left unfinished, then flush the buffer — or, at an address the page left, its tombstone's. */
  async onAlarm(): Promise<void> {
    const core = this.#core;
    try {
      await core.settled(); // an unfinished move first (mover.ts set this alarm to retry it)
    } catch {
      return; // still unfinished: retried on the alarm carryOutMove set again
    }
    const page = core.load();
    return page ? core.flusher.alarm(page, () => core.hasSchema) : tombstoneAlarm(core);
  }

  // Click shards of a hot page (shard-rpcs.ts)

  async shardView(name: string): Promise<ShardView> {
    return shardView(this.#core, name);
  }

  async shardReport(name: string, pageId: string, totals: Record<string, number>): Promise<boolean> {
    return shardReport(this.#core, name, pageId, totals);
  }

  // Live sockets (live/hub.ts): the router only forwards an upgrade after authorising the page's owner.

  getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    return liveTagsOf(ctx.request, LIVE_WHO_HEADER);
  }

  onConnect(connection: Connection): void {
    const core = this.#core;
    const movedTo = core.movedTo();
    if (movedTo) return connection.close(LIVE_CLOSE.pageMoved, movedTo.slug);
    core.live.connect(connection, () => (core.hasSchema ? core.shards.merged(linkTotals(core.sql)) : {}));
  }

  onMessage(connection: Connection, message: WSMessage): void {
    connection.send(encode(replyTo(message)));
  }

  /** Close the live sockets opened with an access that has ended (actions/live-access.ts). */
  async closeLive(tag: string, code: number, reason: string): Promise<number> {
    return this.#core.live.close(tag, code, reason);
  }

  /** From the page's DO at its new address, for sockets opened here before it moved (live/relay.ts). */
  async relayLive(msg: LiveRelayMessage): Promise<number> {
    const movedTo = this.#core.movedTo();
    return this.#core.live.relayed(msg, movedTo && { pageId: movedTo.pageId, slug: movedTo.slug });
  }

  onRequest(): Response {
    return new Response("Not found", { status: 404 });
  }
}
