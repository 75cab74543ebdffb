import { linkPageStub } from "../env";
import { BUSY_RETRY_AFTER_S } from "../lib/click-capacity";
import { AppError } from "../lib/errors";
import type { ClickInput, LinkTarget } from "../link-page/link-page";
import { ClickBatcher, ClickRefused } from "./click-batcher";

// One batcher per isolate: clicks on a page that arrive while this isolate's call to it is in flight
// go together in the next call (actions/click-batcher.ts). Every visitor still gets their 302 only
// after the call that made their click durable has returned.
let batcher: ClickBatcher<ClickInput, LinkTarget> | undefined;

function batcherFor(env: Cloudflare.Env): ClickBatcher<ClickInput, LinkTarget> {
  // The stub is made inside the call, so in the request that sends it (I/O objects stay in their request).
  return (batcher ??= new ClickBatcher((slug, inputs) => linkPageStub(env, slug).clicks(inputs)));
}

/** Count a click (durably, in the page's DO) and say where it goes. A refused click was never sent: 503, not counted. */
export async function recordClick(
  env: Cloudflare.Env,
  ctx: { waitUntil(p: Promise<unknown>): void },
  slug: string,
  input: ClickInput,
): Promise<LinkTarget> {
  try {
    return await batcherFor(env).submit(slug, input, ctx);
  } catch (err) {
    if (!(err instanceof ClickRefused)) throw err;
    throw new AppError("unavailable", "This link is busy right now. Please try again in a moment.", {
      headers: { "retry-after": String(BUSY_RETRY_AFTER_S) },
    });
  }
}
