// Scenario 3b: a fixed number of clicks, then exactly that many in D1 once the DOs have flushed —
// 0 lost, 0 double. Optionally one page's flush fails once mid-run, injected through real parts:
// a D1 trigger that aborts that page's flush transaction (the DO sees a genuine D1 error, keeps its
// buffer and retries with backoff); the trigger is dropped as soon as the DO has logged the failure.
import { run, sleep } from "../lib/load.mjs";

/**
 * @param {{ server: any, pages: { slug: string, token: string, pageId: string, linkIds: string[] }[],
 *   amount: number, connections: number, injectFailure?: boolean, flushIntervalMs: number,
 *   log: (s: string) => void }} o
 */
export async function clickCount(o) {
  const { server } = o;
  const sent = new Map(o.pages.map((p) => [p.slug, 0]));
  const other = {};
  const paths = o.pages.flatMap((p) => p.linkIds.map((id) => `/${p.slug}/go/${id}`));
  const slugOf = (path) => path.split("/")[1];
  const victim = o.injectFailure ? o.pages[Math.floor(o.pages.length / 2)] : null;
  let answered = 0;
  let injected = null; // resolves once the failure has been seen and the trigger dropped
  const logStart = server.logs.length;

  const result = await run({
    url: server.url,
    paths,
    connections: o.connections,
    amount: o.amount,
    onStatus: (path, status) => {
      if (status === 302) sent.set(slugOf(path), sent.get(slugOf(path)) + 1);
      else other[status] = (other[status] ?? 0) + 1;
      if (victim && !injected && ++answered >= o.amount / 2) injected = injectOnce(server, victim, logStart, o.log);
    },
  });
  const failures = injected ? await injected : null;

  // Before any flush: the analytics API counts buffered clicks too (docs/analytics.md).
  const apiTotals = await Promise.all(o.pages.map((p) => analyticsTotal(server.url, p)));
  const apiMismatches = o.pages.filter((p, i) => apiTotals[i] !== sent.get(p.slug)).length;

  // Then wait for the flushes to land in D1, and one more interval to catch any double count.
  const deadline = Date.now() + 60_000;
  let counted = await d1Counts(server.db, o.pages);
  while (Date.now() < deadline && o.pages.some((p) => counted.get(p.slug) < sent.get(p.slug))) {
    await sleep(250);
    counted = await d1Counts(server.db, o.pages);
  }
  const settledMs = Date.now() - (deadline - 60_000);
  await sleep(o.flushIntervalMs * 2);
  counted = await d1Counts(server.db, o.pages);

  let lost = 0;
  let doubled = 0;
  for (const p of o.pages) {
    const d = counted.get(p.slug) - sent.get(p.slug);
    if (d < 0) lost -= d;
    else doubled += d;
  }
  const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    pages: o.pages.length,
    sent: total(sent),
    counted: total(counted),
    lost,
    doubled,
    otherStatuses: other,
    transportErrors: result.errors,
    analyticsApiMismatches: apiMismatches,
    injectedFailures: failures,
    flushedWithinMs: settledMs,
    rps: result.rps,
  };
}

/** Sum of D1's aggregated clicks per page. */
async function d1Counts(db, pages) {
  const ids = pages.map((p) => p.pageId);
  const rows = [];
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const res = await db
      .prepare(`SELECT page_id, SUM(clicks) AS n FROM click_counts WHERE page_id IN (${chunk.map(() => "?").join(",")}) GROUP BY page_id`)
      .bind(...chunk)
      .all();
    rows.push(...res.results);
  }
  const byId = new Map(rows.map((r) => [r.page_id, r.n]));
  return new Map(pages.map((p) => [p.slug, byId.get(p.pageId) ?? 0]));
}

async function analyticsTotal(url, page) {
  const res = await fetch(`${url}/api/v1/pages/${page.slug}/analytics`, { headers: { authorization: `Bearer ${page.token}` } });
  if (res.status !== 200) return -1;
  return (await res.json()).totals.clicks;
}

/** Make the victim page's next flush fail (its D1 transaction aborts), then stop failing. */
async function injectOnce(server, victim, logStart, log) {
  const abort = `BEGIN SELECT RAISE(ABORT, 'bench: injected flush failure'); END`;
  const when = `WHEN NEW.page_id = '${victim.pageId}'`; // page ids are our own [A-Za-z0-9_-] ids
  await server.db.prepare(`CREATE TRIGGER bench_fail_insert BEFORE INSERT ON click_flushes ${when} ${abort}`).run();
  await server.db.prepare(`CREATE TRIGGER bench_fail_update BEFORE UPDATE ON click_flushes ${when} ${abort}`).run();
  log(`  injected: the next flush of ${victim.slug} fails`);
  const seen = () => server.logs.slice(logStart).filter((l) => l.includes("click flush failed") && l.includes(victim.slug)).length;
  const deadline = Date.now() + 30_000;
  while (seen() === 0 && Date.now() < deadline) await sleep(20);
  await server.db.prepare("DROP TRIGGER bench_fail_insert").run();
  await server.db.prepare("DROP TRIGGER bench_fail_update").run();
  log(`  injected failure ${seen() ? "observed" : "NOT observed"}; trigger dropped`);
  return seen();
}
