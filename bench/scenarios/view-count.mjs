// Scenario 3c: page views. A known number of browser GETs of public pages (hot pages answered from
// the isolate's cache), then exactly that many views in D1 once the isolates have sent their batches
// and the DOs have flushed — counted/sent, lost, over-counted. The same load also includes
// requests that must not count (a bot's GET, a HEAD, a prefetch), whose number is known too.
import { BROWSER_UA, run, sleep } from "../lib/load.mjs";

/**
 * @param {{ server: any, pages: { slug: string, token: string, pageId: string }[], amount: number,
 *   connections: number, flushIntervalMs: number, log: (s: string) => void }} o
 */
export async function viewCount(o) {
  const { server } = o;
  const sent = new Map(o.pages.map((p) => [p.slug, 0]));
  const other = {};
  const slugOf = (path) => path.split("/")[1];
  const started = Date.now();
  const result = await run({
    url: server.url,
    paths: o.pages.map((p) => `/${p.slug}`),
    connections: o.connections,
    amount: o.amount,
    headers: { "user-agent": BROWSER_UA },
    onStatus: (path, status) => {
      if (status === 200) sent.set(slugOf(path), sent.get(slugOf(path)) + 1);
      else other[status] = (other[status] ?? 0) + 1;
    },
  });
  const sendSeconds = (Date.now() - started) / 1000;
  // Requests that must not count, a known number of each, on the same pages.
  const notCounted = { bot: 0, head: 0, prefetch: 0 };
  for (const p of o.pages) {
    const u = `${server.url}/${p.slug}`;
    await fetch(u, { headers: { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" } }).then((r) => r.text());
    notCounted.bot++;
    await fetch(u, { method: "HEAD", headers: { "user-agent": BROWSER_UA } });
    notCounted.head++;
    await fetch(u, { headers: { "user-agent": BROWSER_UA, "sec-purpose": "prefetch" } }).then((r) => r.text());
    notCounted.prefetch++;
  }

  // Wait for the batches (about 1 s) and the flushes to land in D1, then two more flush intervals
  // to catch any double count.
  const deadline = Date.now() + 60_000;
  let counted = await d1Views(server.db, o.pages);
  while (Date.now() < deadline && o.pages.some((p) => counted.get(p.slug) < sent.get(p.slug))) {
    await sleep(250);
    counted = await d1Views(server.db, o.pages);
  }
  const settledMs = Date.now() - (deadline - 60_000);
  await sleep(o.flushIntervalMs * 2);
  counted = await d1Views(server.db, o.pages);
  // The analytics API reports the same (nothing left buffered by now).
  const api = await Promise.all(o.pages.map((p) => analyticsViews(server.url, p)));
  const apiMismatches = o.pages.filter((p, i) => api[i] !== counted.get(p.slug)).length;

  let lost = 0;
  let overCounted = 0;
  for (const p of o.pages) {
    const d = counted.get(p.slug) - sent.get(p.slug);
    if (d < 0) lost -= d;
    else overCounted += d;
  }
  const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    pages: o.pages.length,
    sent: total(sent),
    counted: total(counted),
    countedRatio: total(counted) / Math.max(total(sent), 1),
    lost,
    overCounted,
    notCountedSent: notCounted,
    otherStatuses: other,
    transportErrors: result.errors,
    analyticsApiMismatches: apiMismatches,
    flushedWithinMs: settledMs,
    rps: result.total / sendSeconds,
  };
}

/** Sum of D1's page views per page. */
async function d1Views(db, pages) {
  const ids = pages.map((p) => p.pageId);
  const rows = [];
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const res = await db
      .prepare(`SELECT page_id, SUM(views) AS n FROM view_counts WHERE page_id IN (${chunk.map(() => "?").join(",")}) GROUP BY page_id`)
      .bind(...chunk)
      .all();
    rows.push(...res.results);
  }
  const byId = new Map(rows.map((r) => [r.page_id, r.n]));
  return new Map(pages.map((p) => [p.slug, byId.get(p.pageId) ?? 0]));
}

async function analyticsViews(url, page) {
  const res = await fetch(`${url}/api/v1/pages/${page.slug}/analytics`, { headers: { authorization: `Bearer ${page.token}` } });
  if (res.status !== 200) return -1;
  return (await res.json()).totals.views;
}
