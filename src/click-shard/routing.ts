// Which DO a click on a page goes to, as this router isolate knows it (docs/performance.md#click-shards-built).
// A hot page's DO answers how many click shards to use: this isolate remembers that per page and deals
// its clicks to `<slug>#0` … `<slug>#n-1` in turn, so each shard gets an even share; every answer (the
// page DO's or a shard's) updates it, so a page that went quiet comes back to its own DO within a
// shard's copy's lifetime. A page with no answer saying otherwise gets its own DO (`slug`).
const shardsOf = new Map<string, { n: number; next: number }>();
const MAX_PAGES_REMEMBERED = 10_000;

export function remember(slug: string, n: number): void {
  const cur = shardsOf.get(slug);
  if (n === 0) return void shardsOf.delete(slug);
  if (cur) cur.n = n;
  else {
    if (shardsOf.size >= MAX_PAGES_REMEMBERED) shardsOf.delete(shardsOf.keys().next().value!);
    shardsOf.set(slug, { n, next: Math.floor(Math.random() * n) });
  }
}

/** Where this isolate sends a click on `slug` now: the page DO (`slug`) or a shard (`slug#k`). */
export function destination(slug: string): string {
  const s = shardsOf.get(slug);
  if (!s) return slug;
  const k = s.next++ % s.n;
  return `${slug}#${k}`;
}
