// Scenario 5: the analytics query on a page with a year of hourly aggregates for 100 links, against
// a single indexed one-row SELECT on the same D1 through the same Worker (/__bench/d1/:slug).
// Requests are sequential (one in flight) and interleaved, so noise hits both sides alike.
import http from "node:http";
import { pct } from "../lib/load.mjs";

const HOUR_MS = 3_600_000;

/** One year of hourly rows for every link of the page, written by one INSERT … SELECT in D1. */
export async function seedYear(db, pageId, linkIds, endMs) {
  const toHour = Math.floor(endMs / HOUR_MS);
  const fromHour = toHour - 365 * 24;
  // Chunks of 30 days keep each statement's transaction short.
  for (let h = fromHour; h < toHour; h += 30 * 24) {
    await db
      .prepare(
        `WITH RECURSIVE hours(h) AS (SELECT ?1 UNION ALL SELECT h + 1 FROM hours WHERE h + 1 < ?2)
         INSERT INTO click_counts (page_id, hour, link_id, country, referrer, clicks)
         SELECT ?3, hours.h, links.value, '', '', 1 + (hours.h * 7 + links.key) % 5 FROM hours, json_each(?4) AS links`,
      )
      .bind(h, Math.min(h + 30 * 24, toHour), pageId, JSON.stringify(linkIds))
      .run();
  }
  const row = await db.prepare("SELECT COUNT(*) AS n FROM click_counts WHERE page_id = ?").bind(pageId).first();
  return row.n;
}

/**
 * @param {{ url: string, page: { slug: string, token: string }, iterations: number, yearEvery: number }} o
 */
export async function analyticsLatency(o) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const to = new Date();
  // `shiftH` moves the range back by whole hours: a range no request asked before, so the Worker has
  // no cached D1 snapshot for it (src/analytics/analytics/snapshots.ts) — the first look at a range.
  const q = (days, shiftH = 0) => {
    const end = to.getTime() - shiftH * 3_600_000;
    return `/api/v1/pages/${o.page.slug}/analytics?granularity=day&from=${new Date(end - days * 86_400_000).toISOString()}&to=${new Date(end).toISOString()}`;
  };
  const auth = { authorization: `Bearer ${o.page.token}` };
  const series = { baseline: [], d30: [], d30Uncached: [], d365: [] };
  const check = {};
  // Warm-up: every path once, and check the answers.
  check.baseline = JSON.parse((await get(agent, o.url + `/__bench/d1/${o.page.slug}`, {})).body);
  const warm30 = JSON.parse((await get(agent, o.url + q(30), auth)).body);
  const warm365 = JSON.parse((await get(agent, o.url + q(365), auth)).body);
  check.d30 = { series: warm30.series?.length, links: warm30.links?.length, clicks: warm30.totals?.clicks };
  check.d365 = { series: warm365.series?.length, links: warm365.links?.length, clicks: warm365.totals?.clicks };
  for (let i = 0; i < o.iterations; i++) {
    series.baseline.push((await get(agent, o.url + `/__bench/d1/${o.page.slug}`, {})).ms);
    series.d30.push((await get(agent, o.url + q(30), auth)).ms);
    series.d30Uncached.push((await get(agent, o.url + q(30, (o.shiftFrom ?? 0) + i + 1), auth)).ms);
    if (i % o.yearEvery === 0) series.d365.push((await get(agent, o.url + q(365), auth)).ms);
  }
  agent.destroy();
  const summary = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50Ms: pct(s, 0.5), p99Ms: pct(s, 0.99), n: s.length };
  };
  return { baseline: summary(series.baseline), d30: summary(series.d30), d30Uncached: summary(series.d30Uncached), d365: summary(series.d365), check };
}

function get(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: ${res.statusCode} ${Buffer.concat(chunks)}`));
        else resolve({ ms, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on("error", reject);
  });
}
