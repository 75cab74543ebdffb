// What the page DO counts: visitors' clicks (grouped by the router's click batcher), page views an
// isolate batched, and where a link goes; and, for analytics, what its buffer still holds.
import { verifiedReferrer } from "../lib/referrer";
import { PLATFORM_NAMES } from "../schemas/platforms";
import { bufferClick, bufferedClicks, bufferedViews, bufferViews } from "./clicks";
import { localWatermark } from "./flush-pass";
import { liveLink } from "./links";
import type { PageCore } from "./page-core";
import type { BufferedAnalytics, CarriedViews, ClickInput, ClicksAnswer, LinkTarget, ViewBatch } from "./types";

/**
 * Count a click and say where it goes: written to this DO's SQLite before the answer (the RPC
 * reply waits for storage), then pushed to live sockets. Free pages keep only link and time.
 * A sensitive link is counted only once the visitor has chosen to continue (docs/pages.md#sensitive-links).
 */
async function countClick(core: PageCore, input: ClickInput): Promise<LinkTarget> {
  await core.settled();
  const page = core.load();
  const movedTo = core.movedTo(input.at);
  if (movedTo) return { movedTo: movedTo.slug }; // counted once, at the new address, when the visitor follows the 301
  const link = liveLink(page, input.linkId, input.at);
  if (!page || !link) return page?.status === "suspended" ? { gone: true } : null;
  if (link.sensitive && !input.continued) return { url: link.url, sensitive: true, title: link.title };
  const pro = page.plan === "pro";
  const referrer = pro && input.referrer ? verifiedReferrer(core.keyForReferrers(), input.referrer, input.referrerSig, input.at) : null;
  const meta = { country: pro ? input.country : "", referrer: referrer ?? "" };
  const total = bufferClick(core.sql, link.id, input.at, meta);
  const shardTotal = core.hasSchema ? core.shards.totalOf(link.id) : 0;
  core.live.push({ linkId: link.id, total: total + shardTotal, at: new Date(input.at).toISOString() });
  await core.flusher.clicked(input.at);
  return { url: link.url };
}

/**
 * Several visitors' clicks in one call (actions/batch-click.ts): each is counted as countClick says,
 * and the RPC reply — so every visitor's 302 — waits for the one storage commit that makes them all durable.
 */
export async function countClicks(core: PageCore, inputs: ClickInput[]): Promise<ClicksAnswer> {
  const targets: LinkTarget[] = [];
  for (const input of inputs) targets.push(await countClick(core, input));
  // The answer also tells the router whether to send this page's next clicks to shards (shard-switch.ts).
  const counted = targets.filter((t, i) => t?.url !== undefined && (!t.sensitive || inputs[i]!.continued)).length;
  return { targets, shards: core.load() ? core.shards.counted(counted, Date.now()) : 0 };
}

/**
 * Page views a Worker isolate counted and batched (actions/count-views.ts): one buffer row per
 * hour, flushed to D1 with the clicks. Dropped only if there is no page here: a page taken down
 * since was still served when these views were counted (a 410 is never counted, routes/public.ts).
 */
export async function countViews(core: PageCore, batches: ViewBatch[]): Promise<void> {
  if (core.load()) await bufferViewBatches(core, batches);
}

/** One buffer row per batch of views; a views-only buffer flushes later than clicks (flush-runner.ts, viewsFlushDueAt). */
export async function bufferViewBatches(core: PageCore, batches: ViewBatch[]): Promise<void> {
  const rows = batches.filter((b) => b.n > 0);
  for (const b of rows) bufferViews(core.sql, b.hourMs, Math.trunc(b.n));
  if (rows.length > 0) await core.flusher.viewed(Date.now(), rows.length);
}

/** Where a link points, if it is live now; null for unknown, disabled or out-of-schedule links. */
export async function resolveLink(core: PageCore, linkId: string, now: number): Promise<LinkTarget> {
  await core.settled();
  const page = core.load();
  const movedTo = core.movedTo(now);
  if (movedTo) return { movedTo: movedTo.slug };
  const link = liveLink(page, linkId, now);
  if (link) return link.sensitive ? { url: link.url, sensitive: true, title: link.title } : { url: link.url };
  return page?.status === "suspended" ? { gone: true } : null;
}

/** Unflushed clicks and page views in [fromMs, toMs) with the page facts analytics needs. */
export async function bufferedAnalytics(core: PageCore, fromMs: number, toMs: number): Promise<BufferedAnalytics | null> {
  await core.settled();
  const page = core.load();
  if (!page) return null;
  return {
    pageId: page.pageId,
    plan: page.plan,
    links: [
      ...page.links.filter((l) => l.type === "link").map((l) => ({ id: l.id, title: l.title })),
      ...page.socials.map((s) => ({ id: s.id, title: `${PLATFORM_NAMES[s.platform]} (social icon)` })),
    ],
    clicks: bufferedClicks(core.sql, fromMs, toMs),
    views: bufferedViews(core.sql, fromMs, toMs),
    flushedSeq: localWatermark(core.sql),
    shards: await core.shards.buffers(fromMs, toMs),
  };
}

/** The batches a render call carried, with the rendering request's own view added if it `counts`. */
export function withOwnView(views: CarriedViews, counts: boolean): ViewBatch[] {
  const own = views.ownHourMs;
  if (own === undefined || !counts) return views.served;
  const same = views.served.find((b) => b.hourMs === own);
  return same ? views.served.map((b) => (b === same ? { hourMs: own, n: b.n + 1 } : b)) : [...views.served, { hourMs: own, n: 1 }];
}
