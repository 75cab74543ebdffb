import { Server, type Connection, type WSMessage } from "partyserver";
import { newLinkId } from "../lib/ids";
import { LiveClientMessage, type LiveServerMessage } from "../schemas/live";
import type { CreatePageInput, Page, PatchPageInput, Plan } from "../schemas/page";
import { bufferClick, bufferedClicks, bufferedCount, linkTotals, type BufferedClick } from "./clicks";
import { flushPass } from "./flush";
import { isLive, mergeLinks } from "./links";
import { renderPublicPage, type RenderedPage } from "./render";
import { hasSchema, migrate } from "./schema";
import { etagOf, readPage, toPage, writePage, type StoredPage } from "./store";

export type PageResult = { ok: true; page: Page; etag: string };
export type UpdateResult =
  | PageResult
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "stale"; etag: string }
  | { ok: false; reason: "invalid"; field: (string | number)[]; message: string };

/** A flush is due this soon after the first buffered click, or at once past FLUSH_SOON_ROWS. */
const DEFAULT_FLUSH_INTERVAL_S = 10;
const FLUSH_SOON_ROWS = 1000;
const MAX_PASSES_PER_ALARM = 10;

export interface ClickInput {
  linkId: string;
  at: number;
  country: string;
  referrer: string | null;
}

export interface BufferedAnalytics {
  pageId: string;
  plan: Plan;
  links: { id: string; title: string }[];
  clicks: BufferedClick[];
}

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
  #rendered: RenderedPage | null = null;
  #hasSchema: boolean;
  #alarmAt: number | null | undefined; // undefined = not read from storage yet
  #buffered: number | undefined;
  /** D1 used by flushes; fault-injection tests swap in a failing wrapper around the real one. */
  d1: D1Database;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.#hasSchema = hasSchema(ctx.storage.sql);
    if (this.#hasSchema) migrate(ctx.storage);
    this.d1 = env.DB;
  }

  #load(): StoredPage | null {
    if (this.#page === undefined) this.#page = this.#hasSchema ? readPage(this.ctx.storage.sql) : null;
    return this.#page;
  }

  #save(page: StoredPage): void {
    if (!this.#hasSchema) {
      migrate(this.ctx.storage);
      this.#hasSchema = true;
    }
    this.ctx.storage.transactionSync(() => writePage(this.ctx.storage.sql, page));
    this.#page = page;
    this.#rendered = null;
  }

  /** Create the page. Refuses if this DO already holds one (the caller then undoes its D1 row). */
  async create(input: CreatePageInput & { pageId: string; now: string }): Promise<PageResult | { ok: false; reason: "exists" }> {
    if (this.#load()) return { ok: false, reason: "exists" };
    const merged = mergeLinks([], input.links, newLinkId);
    if (!merged.ok) throw new Error(merged.message); // new links carry no ids, so this cannot happen
    const page: StoredPage = {
      pageId: input.pageId,
      slug: input.slug,
      displayName: input.displayName,
      bio: input.bio,
      theme: input.theme ?? { preset: "classic" },
      emailSignup: { enabled: false },
      plan: "free",
      claimed: false,
      version: 1,
      createdAt: input.now,
      updatedAt: input.now,
      links: merged.links,
    };
    this.#save(page);
    return { ok: true, page: toPage(page), etag: etagOf(page) };
  }

  async get(): Promise<PageResult | null> {
    const page = this.#load();
    return page ? { ok: true, page: toPage(page), etag: etagOf(page) } : null;
  }

  /** Apply a validated PATCH. `ifMatch` is checked here, inside the DO's single thread, so two racing edits can't both win. */
  async update(patch: PatchPageInput, opts: { ifMatch?: string; now: string }): Promise<UpdateResult> {
    const cur = this.#load();
    if (!cur) return { ok: false, reason: "not_found" };
    if (opts.ifMatch && !matchesEtag(opts.ifMatch, etagOf(cur))) return { ok: false, reason: "stale", etag: etagOf(cur) };
    if (patch.slug !== undefined && patch.slug !== cur.slug) {
      return { ok: false, reason: "invalid", field: ["slug"], message: "cannot be changed" };
    }
    let links = cur.links;
    if (patch.links) {
      const merged = mergeLinks(cur.links, patch.links, newLinkId);
      if (!merged.ok) return { ok: false, reason: "invalid", field: merged.field, message: merged.message };
      links = merged.links;
    }
    const next: StoredPage = {
      ...cur,
      displayName: patch.displayName ?? cur.displayName,
      bio: patch.bio ?? cur.bio,
      theme: patch.theme ?? cur.theme,
      emailSignup: patch.emailSignup ?? cur.emailSignup,
      links,
      version: cur.version + 1,
      updatedAt: opts.now,
    };
    this.#save(next);
    return { ok: true, page: toPage(next), etag: etagOf(next) };
  }

  /** Ownership facts the router keeps in D1, mirrored here because rendering needs them. */
  async setOwnership(o: { claimed: boolean; plan: Plan; now: string }): Promise<void> {
    const cur = this.#load();
    if (!cur) return;
    this.#save({ ...cur, claimed: o.claimed, plan: o.plan, version: cur.version + 1, updatedAt: o.now });
  }

  /** Remove everything this DO stores (content and, later, click buffer and alarm). */
  async destroy(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#page = null;
    this.#rendered = null;
    this.#hasSchema = false;
    this.#alarmAt = null;
    this.#buffered = 0;
  }

  /** The public page HTML, or null when there is no page. Cached until an edit or a schedule boundary. */
  async render(now: number): Promise<RenderedPage | null> {
    const page = this.#load();
    if (!page) return null;
    if (!this.#rendered || now >= this.#rendered.validUntil) {
      this.#rendered = await renderPublicPage(page, this.env.APP_URL, now);
    }
    return this.#rendered;
  }

  /**
   * Count a click and say where it goes: written to this DO's SQLite before the answer (the RPC
   * reply waits for storage), then pushed to live sockets. Free pages keep only link and time.
   */
  async click(input: ClickInput): Promise<string | null> {
    const page = this.#load();
    const link = page?.links.find((l) => l.id === input.linkId);
    if (!page || !link || !isLive(link, input.at)) return null;
    const pro = page.plan === "pro";
    const meta = { country: pro ? input.country : "", referrer: pro ? (input.referrer ?? "") : "" };
    const total = bufferClick(this.ctx.storage.sql, link.id, input.at, meta);
    this.#buffered = (this.#buffered ?? bufferedCount(this.ctx.storage.sql) - 1) + 1;
    this.#send({ type: "click", linkId: link.id, total, at: new Date(input.at).toISOString() });
    await this.#scheduleFlush(input.at);
    return link.url;
  }

  /** Unflushed clicks in [fromMs, toMs) with the page facts analytics needs. */
  async bufferedAnalytics(fromMs: number, toMs: number): Promise<BufferedAnalytics | null> {
    const page = this.#load();
    if (!page) return null;
    return {
      pageId: page.pageId,
      plan: page.plan,
      links: page.links.map((l) => ({ id: l.id, title: l.title })),
      clicks: bufferedClicks(this.ctx.storage.sql, fromMs, toMs),
    };
  }

  #flushIntervalMs(): number {
    const s = Number(this.env.FLUSH_INTERVAL_SECONDS);
    return (Number.isFinite(s) && s > 0 ? s : DEFAULT_FLUSH_INTERVAL_S) * 1000;
  }

  async #scheduleFlush(now: number): Promise<void> {
    const due = (this.#buffered ?? 0) >= FLUSH_SOON_ROWS ? now : now + this.#flushIntervalMs();
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (this.#alarmAt === null || due < this.#alarmAt) {
      this.#alarmAt = due;
      await this.ctx.storage.setAlarm(due);
    }
  }

  /**
   * Flush buffered clicks to D1. The page id comes from our own storage, not partyserver's name.
   * On failure: re-arm first (so clicks are flushed even after the platform's retries run out),
   * then throw so the platform retries with backoff.
   */
  async onAlarm(): Promise<void> {
    this.#alarmAt = null; // the alarm that woke us is consumed
    const page = this.#load();
    if (!page) return;
    const sql = this.ctx.storage.sql;
    try {
      for (let i = 0; i < MAX_PASSES_PER_ALARM; i++) {
        const pass = await flushPass(sql, this.d1, page.pageId);
        if (!pass.more) break;
      }
    } catch (err) {
      console.error(`LinkPage ${page.slug} (${page.pageId}): click flush failed`, err);
      if (this.#hasSchema) await this.#scheduleFlush(Date.now());
      throw err;
    } finally {
      this.#buffered = this.#hasSchema ? bufferedCount(sql) : 0;
    }
    if (this.#buffered > 0) await this.#scheduleFlush(Date.now());
  }

  /** Live sockets: the router only forwards an upgrade after authorising the page's owner. */
  onConnect(connection: Connection): void {
    const totals = this.#hasSchema ? linkTotals(this.ctx.storage.sql) : {};
    connection.send(JSON.stringify({ type: "snapshot", totals } satisfies LiveServerMessage));
  }

  onMessage(connection: Connection, message: WSMessage): void {
    let parsed;
    try {
      parsed = LiveClientMessage.safeParse(JSON.parse(String(message)));
    } catch {
      parsed = null;
    }
    const reply: LiveServerMessage = parsed?.success ? { type: "pong" } : { type: "error", message: 'expected {"type":"ping"}' };
    connection.send(JSON.stringify(reply));
  }

  onRequest(): Response {
    return new Response("Not found", { status: 404 });
  }

  #send(msg: LiveServerMessage): void {
    this.broadcast(JSON.stringify(msg));
  }

  /** Where a link points, if it is live now; null for unknown, disabled or out-of-schedule links. */
  async resolveLink(linkId: string, now: number): Promise<string | null> {
    const link = this.#load()?.links.find((l) => l.id === linkId);
    return link && isLive(link, now) ? link.url : null;
  }
}

/** RFC 9110 §13.1.1: If-Match is a list of entity tags or "*". */
function matchesEtag(header: string, etag: string): boolean {
  return header
    .split(",")
    .map((s) => s.trim())
    .some((t) => t === "*" || t === etag);
}
