import { linkPageStub } from "../link-page/stub";
import { hourOf, HOUR_MS } from "../lib/time";
import type { ViewBatch } from "../link-page/link-page";

// Page views without slowing the page (docs/performance.md#page-views): the hot page is answered
// from this isolate's cache with no Durable Object call, and counting must keep it so. A view only
// bumps a number in this isolate's memory; the first view of a page starts a timer in that
// request's waitUntil, and when it fires (VIEW_BATCH_MS later) everything this isolate counted for
// the page meanwhile goes to the page's DO in one RPC — at most one call per page per second per
// isolate, however hot the page. The DO buffers the batch with its clicks, and the same
// exactly-once flush moves both to D1.
//
// What can be lost: views still in an isolate's memory when the isolate dies without running its
// waitUntil (a crash; the runtime keeps an isolate alive for its pending waitUntil work on normal
// eviction) — at most the last VIEW_BATCH_MS of that isolate's views — and a batch whose RPC fails
// (logged, not retried: a retry of a call that did commit would count twice; we prefer one loss to
// an over-count). Nothing is ever counted twice.
//
// Requests share only plain data here, as in batch-click.ts: no promise or stub crosses from one
// request to another.

/** How long views gather in an isolate before they go to the page's DO in one call. */
export const VIEW_BATCH_MS = 1000;

interface PageViews {
  /** Views counted per epoch hour, not yet sent. */
  byHour: Map<number, number>;
  /** A timer is running that will send them. */
  scheduled: boolean;
  /** Calls in flight (so a reader in this isolate can wait for them: `sendViewsNow`). */
  sending: number;
}

const pages = new Map<string, PageViews>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Count one page view of `slug` at `now` (the caller decided it counts: lib/bots.ts isCountedView). */
export function countView(env: Cloudflare.Env, ctx: { waitUntil(p: Promise<unknown>): void }, slug: string, now: number): void {
  let p = pages.get(slug);
  if (!p) pages.set(slug, (p = { byHour: new Map(), scheduled: false, sending: 0 }));
  const h = hourOf(now);
  p.byHour.set(h, (p.byHour.get(h) ?? 0) + 1);
  if (p.scheduled) return;
  p.scheduled = true;
  ctx.waitUntil(sleep(VIEW_BATCH_MS).then(() => send(env, slug)));
}

/** Send what this isolate has counted for `slug` now. */
async function send(env: Cloudflare.Env, slug: string): Promise<void> {
  const p = pages.get(slug);
  if (!p) return;
  p.scheduled = false;
  const batches: ViewBatch[] = [...p.byHour].map(([hour, n]) => ({ hourMs: hour * HOUR_MS, n }));
  p.byHour.clear();
  if (batches.length === 0) return forget(slug, p);
  p.sending++;
  try {
    await linkPageStub(env, slug).countViews(batches);
  } catch (err) {
    console.error(`count-views: ${batches.reduce((n, b) => n + b.n, 0)} views of ${slug} lost`, err);
  } finally {
    p.sending--;
    forget(slug, p);
  }
}

function forget(slug: string, p: PageViews): void {
  if (!p.scheduled && p.sending === 0 && p.byHour.size === 0 && pages.get(slug) === p) pages.delete(slug);
}

/**
 * Views this isolate still holds for `slug` go to its DO now, and calls in flight are waited for
 * (polling plain data, up to `waitMs`): an analytics read in this isolate then includes every view
 * this isolate has counted. Views held by other isolates arrive within VIEW_BATCH_MS.
 */
export async function sendViewsNow(env: Cloudflare.Env, slug: string, waitMs = 5000): Promise<void> {
  const p = pages.get(slug);
  if (!p) return;
  if (p.byHour.size > 0) await send(env, slug);
  const deadline = Date.now() + waitMs;
  while (p.sending > 0 && Date.now() < deadline) await sleep(1);
}
