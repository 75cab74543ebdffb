// Which DO a click on a page goes to, as this router isolate knows it (docs/performance.md#click-shards-built).
// A hot page's DO answers how many click shards to use: this isolate remembers that per page and sends
// its batches of clicks to one shard for SHARD_TURN_MS, then to the next — `<slug>#0` … `<slug>#n-1` in
// turn, starting from a random one — so across isolates and turns each shard gets an even share of
// calls, while one isolate's consecutive batches meet a DO that is already warm (dealing every batch
// to the next shard cost a third of the click rate locally). Every answer (the page DO's or a shard's)
// updates it, so a page that went quiet comes back to its own DO within a shard's copy's lifetime. A
// page with no answer saying otherwise gets its own DO (`slug`).
import { SHARD_TURN_MS } from "../lib/click-capacity";

const shardsOf = new Map<string, { n: number; first: number; since: number }>();
const MAX_PAGES_REMEMBERED = 10_000;

export function remember(slug: string, n: number, now = Date.now()): void {
  const cur = shardsOf.get(slug);
  if (n === 0) return void shardsOf.delete(slug);
  if (cur) cur.n = n;
  else {
    if (shardsOf.size >= MAX_PAGES_REMEMBERED) shardsOf.delete(shardsOf.keys().next().value!);
    shardsOf.set(slug, { n, first: Math.floor(Math.random() * n), since: now });
  }
}

/** Where this isolate sends its next batch of clicks on `slug`: the page DO (`slug`) or a shard (`slug#k`). */
export function destination(slug: string, now = Date.now()): string {
  const s = shardsOf.get(slug);
  if (!s) return slug;
  const k = (s.first + Math.floor((now - s.since) / SHARD_TURN_MS)) % s.n;
  return `${slug}#${k}`;
}
