// The page DO's side of its click shards (docs/performance.md#click-shards-built): handing a shard
// the page, and taking its per-link totals for the live counts and the click rate (shard-registry.ts).
import type { ShardView } from "../click-shard/click-shard";
import { linkTotals } from "./clicks";
import type { PageCore } from "./page-core";

/**
 * A click shard asks for the page (click-shard/shard-view.ts): listed here first, so analytics,
 * rename and delete reach it; the copy counts like a render handed out, so edits wait it out.
 */
export async function shardView(core: PageCore, name: string): Promise<ShardView> {
  await core.settled();
  const page = core.shards.wiping ? null : core.load();
  if (!page) {
    const movedTo = core.moves.movedTo();
    return movedTo ? { page: null, movedTo: movedTo.slug, shards: 0 } : { page: null, shards: 0 };
  }
  core.shards.register(name);
  core.renders.lent();
  const referrerKey = page.plan === "pro" ? core.keyForReferrers() : undefined;
  // counted(0): windows that passed quietly since the last click may turn shards off now.
  return { page, shards: core.shards.counted(0, Date.now()), ...(referrerKey ? { referrerKey } : {}) };
}

/**
 * A shard's per-link totals (cumulative, so a repeated report changes nothing): live counts and the
 * click rate. Answers whether an owner is watching live, which sets how soon the shard reports again.
 */
export function shardReport(core: PageCore, name: string, pageId: string, totals: Record<string, number>): boolean {
  const page = core.load();
  if (!page || page.pageId !== pageId || !core.shards.names().includes(name)) return false;
  const grown = core.shards.report(name, totals);
  const own = linkTotals(core.sql);
  const at = new Date().toISOString();
  let n = 0;
  for (const [linkId, k] of Object.entries(grown)) {
    n += k;
    core.live.push({ linkId, total: (own[linkId] ?? 0) + core.shards.totalOf(linkId), at });
  }
  core.shards.counted(n, Date.now());
  return core.live.watched();
}
