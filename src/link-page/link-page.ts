import { Server } from "partyserver";
import { newLinkId } from "../lib/ids";
import type { CreatePageInput, Page, PatchPageInput, Plan } from "../schemas/page";
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

/**
 * One Durable Object per link page, named by its slug. It owns the page's content in its own
 * SQLite and renders the public page. The router Worker authorises callers before any RPC here.
 */
export class LinkPage extends Server<Cloudflare.Env> {
  static options = { hibernate: true };

  #page: StoredPage | null | undefined; // undefined = not loaded yet
  #rendered: RenderedPage | null = null;
  #hasSchema: boolean;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.#hasSchema = hasSchema(ctx.storage.sql);
    if (this.#hasSchema) migrate(ctx.storage);
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
