import { linkPageStub } from "../env";
import { AppError } from "../lib/errors";
import type { ClickInput, LinkTarget } from "../link-page/link-page";

// Group commit for clicks (issue 8, docs/performance.md): while a page's DO is busy with one call
// from this isolate, the clicks that arrive meanwhile wait and then go together in the next call
// (LinkPage.clicks). A lone click goes at once, so nothing waits at low traffic; under a storm one
// DO call and one storage commit serve many visitors. Every visitor still gets their 302 only after
// the call that made their click durable has returned.
//
// Requests share only plain data here — no promise, stub or timer crosses from one request to
// another, which workerd forbids ("Cannot perform I/O on behalf of a different request") or cancels.
// A waiting request polls its own entry on its own short timer; the call runs in the waitUntil of
// the request that started it, so a visitor who goes away mid-call strands nobody.

/** Clicks per DO call: bounds one call's payload and the DO's work per turn. */
export const MAX_CLICKS_PER_CALL = 100;
/** How often a waiting click looks for its answer. */
const POLL_MS = 1;
/** A click waits at most this long; then 503 (counted or not, depending on whether it was sent). */
const WAIT_LIMIT_MS = 10_000;

interface Waiter {
  input: ClickInput;
  outcome?: { target: LinkTarget } | { error: unknown };
}

interface PageQueue {
  calling: boolean;
  waiting: Waiter[];
}

/** This isolate's clicks not yet sent, per page slug. */
const queues = new Map<string, PageQueue>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Count a click (durably, in the page's DO) and say where it goes. */
export async function recordClick(
  env: Cloudflare.Env,
  ctx: { waitUntil(p: Promise<unknown>): void },
  slug: string,
  input: ClickInput,
): Promise<LinkTarget> {
  let q = queues.get(slug);
  if (!q) queues.set(slug, (q = { calling: false, waiting: [] }));
  const me: Waiter = { input };
  q.waiting.push(me);
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    if (!q.calling && q.waiting.includes(me)) {
      const call = callPage(env, slug, q);
      ctx.waitUntil(call);
      await call;
    } else {
      await sleep(POLL_MS);
    }
    if (me.outcome) {
      if ("error" in me.outcome) throw me.outcome.error;
      return me.outcome.target;
    }
    if (Date.now() > deadline) {
      const i = q.waiting.indexOf(me);
      if (i >= 0) q.waiting.splice(i, 1); // never sent: not counted
      throw new AppError("unavailable", "This link is busy right now. Please try again.");
    }
  }
}

/** Send up to MAX_CLICKS_PER_CALL waiting clicks in one DO call and record each one's outcome. */
async function callPage(env: Cloudflare.Env, slug: string, q: PageQueue): Promise<void> {
  q.calling = true;
  const batch = q.waiting.splice(0, MAX_CLICKS_PER_CALL);
  try {
    const targets = await linkPageStub(env, slug).clicks(batch.map((w) => w.input));
    batch.forEach((w, i) => (w.outcome = { target: targets[i] ?? null }));
  } catch (error) {
    for (const w of batch) w.outcome = { error };
  } finally {
    q.calling = false;
    if (q.waiting.length === 0 && queues.get(slug) === q) queues.delete(slug);
  }
}
