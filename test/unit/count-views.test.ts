// When a render call carries a page's views (actions/count-views.ts): only once they have waited
// VIEW_BATCH_MS in the isolate, all of them at once with the rendering request's own view, and never
// twice. Time is passed in; the fallback timer's call goes to a stand-in stub that records it.
import { describe, expect, it } from "vitest";
import { carryViews, countView, VIEW_BATCH_MS } from "../../src/actions/count-views";
import type { CarriedViews } from "../../src/link-page/types";

const HOUR = 3_600_000;
const sent: unknown[] = [];
const env = { LINK_PAGE: { getByName: () => ({ countViews: async (b: unknown) => void sent.push(b) }) } } as unknown as Cloudflare.Env;
const ctx = { waitUntil: () => {} }; // the fallback timer is not awaited here

const carry = async (slug: string, ownAt: number | undefined, now: number) => {
  let seen: CarriedViews | undefined;
  const { carriedOwn } = await carryViews(slug, ownAt, async (views) => void (seen = views), now);
  return { seen, carriedOwn };
};

describe("carryViews", () => {
  it("carries nothing before the views are due; then all of them with the request's own view, once", async () => {
    const slug = `cv-${Date.now()}`;
    const t0 = 10 * HOUR + 1000;
    countView(env, ctx, slug, t0);
    countView(env, ctx, slug, t0 + 10);
    expect(await carry(slug, t0 + 20, t0 + VIEW_BATCH_MS - 1)).toEqual({ seen: undefined, carriedOwn: false });
    expect(await carry(slug, t0 + VIEW_BATCH_MS, t0 + VIEW_BATCH_MS)).toEqual({ seen: { served: [{ hourMs: 10 * HOUR, n: 2 }], ownHourMs: 10 * HOUR }, carriedOwn: true });
    expect(await carry(slug, undefined, t0 + VIEW_BATCH_MS + 1)).toEqual({ seen: undefined, carriedOwn: false });
  });

  it("a page with no views held carries nothing, and the request counts its own view itself", async () => {
    expect(await carry(`cv-none-${Date.now()}`, 5 * HOUR, 5 * HOUR)).toEqual({ seen: undefined, carriedOwn: false });
  });

  it("a new batch starts its own wait after the last one left", async () => {
    const slug = `cv-next-${Date.now()}`;
    const t0 = 20 * HOUR;
    countView(env, ctx, slug, t0);
    expect((await carry(slug, undefined, t0 + VIEW_BATCH_MS)).seen).toEqual({ served: [{ hourMs: 20 * HOUR, n: 1 }] });
    countView(env, ctx, slug, t0 + VIEW_BATCH_MS + 100);
    expect((await carry(slug, undefined, t0 + 2 * VIEW_BATCH_MS)).seen).toBeUndefined();
    expect((await carry(slug, undefined, t0 + 2 * VIEW_BATCH_MS + 100)).seen).toEqual({ served: [{ hourMs: 20 * HOUR, n: 1 }] });
  });
});
