import { DurableObject } from "cloudflare:workers";
import { linkPageStub } from "../link-page/stub";
import { verifiedReferrer } from "../lib/referrer";
import { bufferClick, bufferedClicks, bufferedCount, linkTotals, type BufferedClick } from "../link-page/clicks";
import { localWatermark } from "../link-page/flush-pass";
import { FlushRunner, type FlushedPage } from "../link-page/flush-runner";
import { liveLink } from "../link-page/links";
import type { ClickInput, ClicksAnswer, LinkTarget } from "../link-page/types";
import { ensureSchema, readOwner, writeOwner, type ShardOwner } from "./shard-store";
import { ViewCache, type ShardView } from "./shard-view";

/**
 * While an owner watches the page live, a shard reports its totals to the page DO at most every
 * REPORT_WATCHED_MS as clicks keep coming (the first click after a quiet spell reports at once): a
 * click then reaches the owner's screen within this plus one frame interval (LIVE_FRAME_INTERVAL_MS).
 * With nobody watching, reports only feed the click rate that turns shards off, so every
 * REPORT_UNWATCHED_MS does. Reporting after every batch would make the page DO take a call per batch
 * per shard — the load shards exist to take off it (docs/performance.md#click-shards-built).
 */
export const REPORT_WATCHED_MS = 25;
export const REPORT_UNWATCHED_MS = 250;

/** How long a report must wait: none after a quiet spell, else until the interval since the last one began has passed. */
export function reportWait(lastReportAt: number, now: number, watched: boolean): number {
  return Math.max(0, lastReportAt + (watched ? REPORT_WATCHED_MS : REPORT_UNWATCHED_MS) - now);
}

/**
 * One click shard of a hot page, named `<slug>#<k>` (docs/performance.md#click-shards-built). It
 * counts clicks as the page DO does — durably, in its own SQLite, before the RPC answers — from a
 * copy of the page it keeps at most PAGE_CACHE_TTL_MS (shard-view.ts), flushes them to D1 with its
 * own watermark (the page DO's flush runner, given the shard's name; `clicks.flushed` goes out for what
 * it counted), and reports its per-link totals to the page DO, which owns the
 * live counts and the list of its shards. It holds no sockets and no content of its own.
 */
export class ClickShard extends DurableObject<Cloudflare.Env> {
  #views = new ViewCache();
  #flusher: FlushRunner | undefined; // made with the shard's name, which the first click brings
  #reporting = false;
  #reportAgain = false;
  #watched = true; // as the page DO last answered a report (at first: assume so, report soon)
  #lastReportAt = -Infinity;
  #owner: ShardOwner | null | undefined; // which page this shard counts for, as its _meta says (undefined: not read yet)
  #generation = 0; // bumped by destroy(): a click batch that waited across it counts nothing

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ensureSchema(ctx.storage.sql);
  }

  /** Count clicks routed here for the page `slug` (shard name `shard`) and say where each goes. */
  async clicks(slug: string, shard: string, inputs: ClickInput[]): Promise<ClicksAnswer> {
    const generation = this.#generation;
    const view = await this.#views.get(() => linkPageStub(this.env, slug).shardView(shard));
    const page = generation === this.#generation ? view.page : null;
    const sql = this.ctx.storage.sql;
    const targets: LinkTarget[] = [];
    let counted = 0;
    for (const input of inputs) {
      if (!page) {
        targets.push(view.movedTo ? { movedTo: view.movedTo } : null);
        continue;
      }
      const link = liveLink(page, input.linkId, input.at);
      if (!link) {
        targets.push(page.status === "suspended" ? { gone: true } : null);
        continue;
      }
      if (link.sensitive && !input.continued) {
        targets.push({ url: link.url, sensitive: true, title: link.title });
        continue;
      }
      const pro = page.plan === "pro";
      const referrer = pro && input.referrer && view.referrerKey ? verifiedReferrer(view.referrerKey, input.referrer, input.referrerSig, input.at) : null;
      if (!this.#ownerOf()) writeOwner(sql, (this.#owner = { pageId: page.pageId, slug, shard }));
      counted++;
      bufferClick(sql, link.id, input.at, { country: pro ? input.country : "", referrer: referrer ?? "" });
      targets.push({ url: link.url });
    }
    if (counted > 0) {
      await this.#runner(shard).clicked(Date.now(), counted);
      this.ctx.waitUntil(this.#report());
    }
    return { targets, shards: view.shards };
  }

  /** This shard's page, read from its _meta once per instance (written with its first click). */
  #ownerOf(): ShardOwner | null {
    return this.#owner === undefined ? (this.#owner = readOwner(this.ctx.storage.sql)) : this.#owner;
  }

  #runner(shard: string): FlushRunner {
    return (this.#flusher ??= new FlushRunner(this.ctx.storage, this.env, () => this.env.DB, shard));
  }

  /**
   * Tell the page DO this shard's per-link totals (live counts, click rate): one report in flight, and
   * reports at least REPORT_WATCHED_MS (or _UNWATCHED_MS) apart, so clicks that arrive meanwhile go
   * in the next one. `soon`: don't wait out the interval (after a flush, or a drain a rename waits for).
   */
  async #report(soon = false): Promise<void> {
    if (this.#reporting) return void (this.#reportAgain = true);
    const owner = this.#ownerOf();
    if (!owner) return;
    this.#reporting = true;
    try {
      do {
        const wait = soon ? 0 : reportWait(this.#lastReportAt, Date.now(), this.#watched);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        soon = false;
        this.#reportAgain = false; // what arrived while waiting goes in this report
        this.#lastReportAt = Date.now();
        const sql = this.ctx.storage.sql;
        this.#watched = await linkPageStub(this.env, owner.slug).shardReport(owner.shard, owner.pageId, linkTotals(sql));
      } while (this.#reportAgain);
    } catch (err) {
      console.error(`ClickShard ${owner.shard}: report to the page failed (the next click or flush reports again)`, err);
    } finally {
      this.#reporting = false;
    }
  }

  /** The flush alarm: the page's copy, asked again if older than its TTL, names the page in the event. */
  async alarm(): Promise<void> {
    const owner = this.#ownerOf();
    if (!owner) return;
    const view = await this.#views.get(() => linkPageStub(this.env, owner.slug).shardView(owner.shard)).catch(() => null);
    await this.#flush(owner, view);
  }

  /**
   * Flush the buffer to D1 (the page DO's runner, with this shard's watermark), then report totals.
   * `clicks.flushed` names the page from `view`, the shard's copy; a page gone or moved, or a page DO
   * not answering, still gets its clicks flushed — without the event, as a free page's flush goes.
   */
  async #flush(owner: ShardOwner, view: ShardView | null): Promise<void> {
    const page = view?.page?.pageId === owner.pageId ? view.page : null;
    const named: FlushedPage = page ?? { pageId: owner.pageId, slug: owner.slug, plan: "free", links: [] };
    await this.#runner(owner.shard).alarm(named, () => true);
    await this.#report(true);
  }

  /** Unflushed clicks in [fromMs, toMs) and this shard's confirmed watermark, for analytics. */
  async buffered(fromMs: number, toMs: number): Promise<{ clicks: BufferedClick[]; flushedSeq: number }> {
    const sql = this.ctx.storage.sql;
    return { clicks: bufferedClicks(sql, fromMs, toMs), flushedSeq: localWatermark(sql) };
  }

  /**
   * Before a rename: forget the page's copy (the next click asks the page DO again, which by then
   * answers "moved") and flush everything now. Answers how many clicks are still buffered.
   */
  async drain(): Promise<number> {
    // The copy held names the page for the flush event; asking the page DO now would wait on the very
    // rename that is waiting for this drain.
    const last = this.#views.peek();
    this.#views.forget();
    await this.#flusher?.settle();
    const owner = this.#ownerOf();
    if (owner) await this.#flush(owner, last).catch(() => {});
    return bufferedCount(this.ctx.storage.sql);
  }

  /** The page is being deleted: wait for a flush in flight, then forget everything (nothing is flushed after). */
  async destroy(): Promise<void> {
    this.#generation++;
    this.#views.forget();
    this.#owner = null; // wiped below: nothing to count for until the next click writes it again
    await this.#flusher?.settle();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#flusher?.reset();
    ensureSchema(this.ctx.storage.sql);
  }
}

export type { ShardView };
