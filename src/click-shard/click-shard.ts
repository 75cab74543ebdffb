import { DurableObject } from "cloudflare:workers";
import { linkPageStub } from "../link-page/stub";
import { verifiedReferrer } from "../lib/referrer";
import { bufferClick, bufferedClicks, bufferedCount, linkTotals, type BufferedClick } from "../link-page/clicks";
import { flushPass, localWatermark } from "../link-page/flush-pass";
import { flushDueAt, flushIntervalMs, MAX_PASSES_PER_ALARM } from "../link-page/flush-timing";
import { liveLink } from "../link-page/links";
import type { ClickInput, ClicksAnswer, LinkTarget } from "../link-page/types";
import { ensureSchema, readOwner, writeOwner } from "./shard-store";
import { ViewCache, type ShardView } from "./shard-view";

const MAX_BACKOFF_MS = 300_000;

/**
 * One click shard of a hot page, named `<slug>#<k>` (docs/performance.md#click-shards-built). It
 * counts clicks as the page DO does — durably, in its own SQLite, before the RPC answers — from a
 * copy of the page it keeps at most PAGE_CACHE_TTL_MS (shard-view.ts), flushes them to D1 with its
 * own watermark (link-page/flush-pass.ts), and reports its per-link totals to the page DO, which owns the
 * live counts and the list of its shards. It holds no sockets and no content of its own.
 */
export class ClickShard extends DurableObject<Cloudflare.Env> {
  #views = new ViewCache();
  #flushing: Promise<void> | null = null;
  #failed = 0;
  #reporting = false;
  #reportAgain = false;
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
      if (counted++ === 0) writeOwner(sql, { pageId: page.pageId, slug, shard });
      bufferClick(sql, link.id, input.at, { country: pro ? input.country : "", referrer: referrer ?? "" });
      targets.push({ url: link.url });
    }
    if (counted > 0) {
      await this.#arm(flushDueAt(Date.now(), bufferedCount(sql), flushIntervalMs(this.env.FLUSH_INTERVAL_SECONDS)));
      this.ctx.waitUntil(this.#report());
    }
    return { targets, shards: view.shards };
  }

  async #arm(due: number): Promise<void> {
    const at = await this.ctx.storage.getAlarm();
    if (at === null || due < at) await this.ctx.storage.setAlarm(due);
  }

  /** Tell the page DO this shard's per-link totals (live counts, click rate); one report in flight. */
  async #report(): Promise<void> {
    if (this.#reporting) return void (this.#reportAgain = true);
    const owner = readOwner(this.ctx.storage.sql);
    if (!owner) return;
    this.#reporting = true;
    try {
      do {
        this.#reportAgain = false;
        const sql = this.ctx.storage.sql;
        await linkPageStub(this.env, owner.slug).shardReport(owner.shard, owner.pageId, linkTotals(sql));
      } while (this.#reportAgain);
    } catch (err) {
      console.error(`ClickShard ${owner.shard}: report to the page failed (the next click or flush reports again)`, err);
    } finally {
      this.#reporting = false;
    }
  }

  async alarm(): Promise<void> {
    const run = this.#flush();
    this.#flushing = run;
    try {
      await run;
    } finally {
      if (this.#flushing === run) this.#flushing = null;
    }
  }

  async #flush(): Promise<void> {
    const sql = this.ctx.storage.sql;
    const owner = readOwner(sql);
    if (!owner) return;
    const interval = flushIntervalMs(this.env.FLUSH_INTERVAL_SECONDS);
    // Armed before D1 is asked: if this instance dies mid-flush, the alarm runs the flush again.
    await this.#arm(Date.now() + interval);
    try {
      for (let i = 0; i < MAX_PASSES_PER_ALARM; i++) if (!(await flushPass(sql, this.env.DB, owner.pageId, owner.shard)).more) break;
      this.#failed = 0;
    } catch (err) {
      console.error(`ClickShard ${owner.shard} (${owner.pageId}): click flush failed`, err);
      await this.#arm(Date.now() + Math.min(interval * 2 ** this.#failed++, MAX_BACKOFF_MS));
      throw err;
    }
    const left = bufferedCount(sql);
    if (left > 0) await this.#arm(flushDueAt(Date.now(), left, flushIntervalMs(this.env.FLUSH_INTERVAL_SECONDS)));
    await this.#report();
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
    this.#views.forget();
    await this.#flushing?.catch(() => {});
    await this.alarm().catch(() => {});
    return bufferedCount(this.ctx.storage.sql);
  }

  /** The page is being deleted: wait for a flush in flight, then forget everything (nothing is flushed after). */
  async destroy(): Promise<void> {
    this.#generation++;
    this.#views.forget();
    await this.#flushing?.catch(() => {});
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    ensureSchema(this.ctx.storage.sql);
  }
}

export type { ShardView };
