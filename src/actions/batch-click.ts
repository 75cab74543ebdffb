import { linkPageStub } from "../link-page/stub";
import { BUSY_RETRY_AFTER_S } from "../lib/click-capacity";
import { AppError } from "../lib/errors";
import type { ClickInput, ClicksAnswer, LinkTarget } from "../link-page/types";
import { destination, remember } from "../click-shard/routing";
import { ClickBatcher, ClickRefused } from "./click-batcher";

// The click batcher's front door. One batcher per isolate: clicks on a page that arrive while this
// isolate's call for that page is in flight go together in the next call (how they wait:
// click-batcher.ts). Every visitor still gets their 302 only after the call that made their click
// durable has returned. Which DO a batch goes to — the page's own, or one of a hot page's click shards —
// is click-shard/routing.ts's answer, asked once per batch: dealing single clicks to shards would split
// this isolate's batches eight ways and cost eight calls where one did. A quiet page gets its own DO.
let batcher: ClickBatcher<ClickInput, LinkTarget> | undefined;

async function send(env: Cloudflare.Env, slug: string, inputs: ClickInput[]): Promise<LinkTarget[]> {
  // The stub is made inside the call, so in the request that sends it (I/O objects stay in their request).
  const to = destination(slug);
  const answer: ClicksAnswer =
    to === slug ? await linkPageStub(env, slug).clicks(inputs) : await env.CLICK_SHARD.getByName(to).clicks(slug, to, inputs);
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
    return await batcher.submit(slug, input, ctx);
  } catch (err) {
    if (!(err instanceof ClickRefused)) throw err;
    throw new AppError("unavailable", "This link is busy right now. Please try again in a moment.", {
      headers: { "retry-after": String(BUSY_RETRY_AFTER_S) },
    });
  }
}
