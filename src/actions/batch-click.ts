import { linkPageStub } from "../link-page/stub";
import { BUSY_RETRY_AFTER_S } from "../lib/click-capacity";
import { AppError } from "../lib/errors";
import type { ClicksAnswer } from "../click-shard/click-shard";
import type { ClickInput, LinkTarget } from "../link-page/link-page";
import { ClickBatcher, ClickRefused } from "./click-batcher";

// The click batcher's front door. One batcher per isolate: clicks on a page (or on one shard of it)
// that arrive while this isolate's call there is in flight go together in the next call (how they
// wait: click-batcher.ts). Every visitor still gets their 302 only after the call that made their
// click durable has returned.
//
// A hot page's DO answers how many click shards to use (docs/performance.md#click-shards-built):
// this isolate remembers that per page and deals its clicks to `<slug>#0` … `<slug>#n-1` in turn, so
// each shard gets an even share; every answer (the page DO's or a shard's) updates it, so a page
// that went quiet comes back to its own DO within a shard's copy's lifetime.
let batcher: ClickBatcher<ClickInput, LinkTarget> | undefined;
const shardsOf = new Map<string, { n: number; next: number }>();
const MAX_PAGES_REMEMBERED = 10_000;

function remember(slug: string, n: number): void {
  const cur = shardsOf.get(slug);
  if (n === 0) return void shardsOf.delete(slug);
  if (cur) cur.n = n;
  else {
    if (shardsOf.size >= MAX_PAGES_REMEMBERED) shardsOf.delete(shardsOf.keys().next().value!);
    shardsOf.set(slug, { n, next: Math.floor(Math.random() * n) });
  }
}

/** Where this isolate sends a click on `slug` now: the page DO (`slug`) or a shard (`slug#k`). */
function destination(slug: string): string {
  const s = shardsOf.get(slug);
  if (!s) return slug;
  const k = s.next++ % s.n;
  return `${slug}#${k}`;
}

async function send(env: Cloudflare.Env, key: string, inputs: ClickInput[]): Promise<LinkTarget[]> {
  // The stub is made inside the call, so in the request that sends it (I/O objects stay in their request).
  const hash = key.indexOf("#");
  const slug = hash < 0 ? key : key.slice(0, hash);
  const answer: ClicksAnswer =
    hash < 0 ? await linkPageStub(env, slug).clicks(inputs) : await env.CLICK_SHARD.getByName(key).clicks(slug, key, inputs);
  remember(slug, answer.shards);
  return answer.targets;
}

/**
 * Batch a visitor's click into the next DO call for its page (or one of its shards): counted durably
 * there, then answered with where it goes. A refused click was never sent: 503, not counted.
 */
export async function batchClick(
  env: Cloudflare.Env,
  ctx: { waitUntil(p: Promise<unknown>): void },
  slug: string,
  input: ClickInput,
): Promise<LinkTarget> {
  batcher ??= new ClickBatcher((key, inputs) => send(env, key, inputs));
  try {
    return await batcher.submit(destination(slug), input, ctx);
  } catch (err) {
    if (!(err instanceof ClickRefused)) throw err;
    throw new AppError("unavailable", "This link is busy right now. Please try again in a moment.", {
      headers: { "retry-after": String(BUSY_RETRY_AFTER_S) },
    });
  }
}
