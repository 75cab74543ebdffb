import { linkPageStub } from "../link-page/stub";
import { hourOf, HOUR_MS } from "../lib/time";
import type { CarriedViews, ViewBatch } from "../link-page/link-page";

// Page views without slowing the page (docs/performance.md#page-views): the hot page is answered
// from this isolate's cache with no Durable Object call, and counting must keep it so. A view only
// bumps a number in this isolate's memory; the views of a page gather there for VIEW_BATCH_MS, so its
// DO writes them once per VIEW_BATCH_MS per isolate however often the page is viewed or rendered (a
// DO write per render is what made a thousand cold pages slow), and then go on a call the isolate
// makes anyway when it can:
// - a render call made once they are due (a request's own, or the refresh-ahead of a hot page's copy)
//   carries them (`carryViews`), with the rendering request's own view, which the DO counts only if
//   it answers with the page;
// - otherwise the fallback: the first view of a batch starts a timer in that request's waitUntil, and
//   when it fires everything this isolate counted for the page meanwhile goes to the page's DO in one
//   `countViews` call.
// The DO buffers the views with its clicks, and the same exactly-once flush moves both to D1.
//
// What can be lost: views still in an isolate's memory when the isolate dies without running its
// waitUntil (a crash; the runtime keeps an isolate alive for its pending waitUntil work on normal
// eviction) — at most the last VIEW_BATCH_MS (5 s) of that isolate's views — and views on a call that fails
// (logged, not retried: a retry of a call that did commit would count twice; we prefer one loss to
// an over-count). Nothing is ever counted twice: views leave this isolate's memory when a call takes them.
//
// Requests share only plain data here, as in batch-click.ts: no promise or stub crosses from one
// request to another.

/** How long views gather in an isolate before they go to the page's DO in one call. */
export const VIEW_BATCH_MS = 5000;

interface PageViews {
  /** Views counted per epoch hour, not yet sent. */
  byHour: Map<number, number>;
  /** When the oldest of them was counted: they are due VIEW_BATCH_MS later. */
  since: number;
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
  if (!p) pages.set(slug, (p = { byHour: new Map(), since: 0, scheduled: false, sending: 0 }));
  const h = hourOf(now);
  if (p.byHour.size === 0) p.since = now;
  p.byHour.set(h, (p.byHour.get(h) ?? 0) + 1);
  if (p.scheduled) return;
  p.scheduled = true;
  ctx.waitUntil(sleep(VIEW_BATCH_MS).then(() => send(env, slug)));
}

/** Take what this isolate holds for `slug` (empty when nothing): the views leave memory here, once. */
function take(slug: string): { p: PageViews; batches: ViewBatch[] } | undefined {
  const p = pages.get(slug);
  if (!p) return undefined;
  const batches: ViewBatch[] = [...p.byHour].map(([hour, n]) => ({ hourMs: hour * HOUR_MS, n }));
  p.byHour.clear();
  return { p, batches };
}

const total = (batches: ViewBatch[]) => batches.reduce((n, b) => n + b.n, 0);

/**
 * Make a render call of `slug`, carrying this isolate's views of it once they are due (`served`:
 * counted if the page exists, as `countViews` counts them) with `ownAt`, the rendering request's own
 * view if it is a counted one (counted only if the DO answers with the page). `carriedOwn` says
 * whether the call took the request's own view; if not, the caller counts it (`countView`). A failed
 * call's views are lost (logged), never sent again.
 */
export async function carryViews<T>(
  slug: string,
  ownAt: number | undefined,
  call: (views?: CarriedViews) => Promise<T>,
  now = Date.now(),
): Promise<{ value: T; carriedOwn: boolean }> {
  const held = pages.get(slug);
  const due = held !== undefined && held.byHour.size > 0 && now - held.since >= VIEW_BATCH_MS;
  if (!due) return { value: await call(undefined), carriedOwn: false };
  const { p, batches: served } = take(slug)!; // due: this isolate holds views of the page
  p.sending++;
  try {
    return { value: await call(ownAt === undefined ? { served } : { served, ownHourMs: hourOf(ownAt) * HOUR_MS }), carriedOwn: ownAt !== undefined };
  } catch (err) {
    console.error(`count-views: ${total(served) + (ownAt === undefined ? 0 : 1)} views of ${slug} lost with a failed render`);
    throw err;
  } finally {
    p.sending--;
    forget(slug, p);
  }
}

/** Send what this isolate has counted for `slug` now. */
async function send(env: Cloudflare.Env, slug: string): Promise<void> {
  const taken = take(slug);
  if (!taken) return;
  const { p, batches } = taken;
  p.scheduled = false;
  if (batches.length === 0) return forget(slug, p);
  p.sending++;
  try {
    await linkPageStub(env, slug).countViews(batches);
  } catch (err) {
    console.error(`count-views: ${total(batches)} views of ${slug} lost`, err);
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
