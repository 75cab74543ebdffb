// The dashboard's live socket (`?totals=1`, docs/performance.md#live-fan-out) and the cap on sockets
// per page, through the real Worker and page DO. The frame rate itself is proven with an injected
// clock in test/unit/live-totals.test.ts; here, exact totals and what a client sees.
import { describe, expect, it } from "vitest";
import { LIVE_CLOSE, LIVE_SOCKETS_PER_PAGE } from "../../src/lib/live-tags";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { openLive, type LiveSocket } from "../helpers/live";
import { expectProblem } from "../helpers/problem";

/** Read totals frames until they show `want` for every link; answers the frames read. */
async function until(live: LiveSocket, want: Record<string, number>): Promise<any[]> {
  const seen: Record<string, number> = {};
  const frames: any[] = [];
  while (Object.entries(want).some(([id, n]) => seen[id] !== n)) {
    const f = await live.next();
    expect(f).toEqual({ type: "totals", totals: expect.any(Object), at: expect.any(String) });
    for (const [id, n] of Object.entries(f.totals as Record<string, number>)) {
      expect(n).toBeGreaterThan(seen[id] ?? 0); // a frame carries only totals that grew
      seen[id] = n;
    }
    frames.push(f);
  }
  return frames;
}

describe("GET /api/v1/pages/{slug}/live?totals=1", () => {
  it("sends a snapshot, then per-link totals frames, fewer frames than clicks, ending at the exact totals", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    await click(slug, a.id);
    const { res, live } = await openLive(slug, token, "?totals=1");
    expect(res.status).toBe(101);
    expect(await live!.next()).toEqual({ type: "snapshot", totals: { [a.id]: 1 } });
    const targets = [a, b, a, a, b, a, a, b, a, a, b, a, b, b, a, a];
    await Promise.all(targets.map((l) => click(slug, l.id)));
    const want = { [a.id]: 1 + targets.filter((l) => l === a).length, [b.id]: targets.filter((l) => l === b).length };
    const frames = await until(live!, want);
    expect(frames.length).toBeLessThan(targets.length);
    // A lone click later: one frame with just that link's new total, and nothing else queued before it.
    await click(slug, b.id);
    expect(await live!.next()).toEqual({ type: "totals", totals: { [b.id]: want[b.id]! + 1 }, at: expect.any(String) });
    live!.close();
  });

  it("keeps per-click sockets exact beside it", async () => {
    const { slug, token, page } = await createPage();
    const id = page.links[0].id;
    const totals = (await openLive(slug, token, "?totals=1")).live!;
    const each = (await openLive(slug, token)).live!;
    await totals.next();
    await each.next();
    for (let i = 0; i < 5; i++) await click(slug, id);
    await until(totals, { [id]: 5 });
    const msgs = await Promise.all(Array.from({ length: 5 }, () => each.next()));
    expect(msgs.map((m) => [m.type, m.total])).toEqual([1, 2, 3, 4, 5].map((n) => ["click", n]));
    totals.close();
    each.close();
  });

  it("refuses totals=1 with batch=1, and an unknown value, naming totals", async () => {
    const { slug, token } = await createPage();
    for (const q of ["?totals=1&batch=1", "?totals=yes"]) {
      const { res } = await openLive(slug, token, q);
      expect(res.webSocket).toBeNull();
      await expectProblem(res, 400, "totals");
    }
  });
});

describe("the cap on live sockets per page", () => {
  it(`closes a socket past ${LIVE_SOCKETS_PER_PAGE} with ${LIVE_CLOSE.full} and a reason, before any snapshot; one closing makes room`, async () => {
    const { slug, token } = await createPage();
    const open: LiveSocket[] = [];
    for (let i = 0; i < LIVE_SOCKETS_PER_PAGE; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, LIVE_SOCKETS_PER_PAGE - i) }, () => openLive(slug, token, "?totals=1")));
      for (const { live } of batch) open.push(live!);
      for (const s of open.slice(-batch.length)) expect((await s.next()).type).toBe("snapshot");
    }
    const over = (await openLive(slug, token, "?totals=1")).live!;
    expect(await over.closed).toEqual({ code: LIVE_CLOSE.full, reason: expect.stringContaining(String(LIVE_SOCKETS_PER_PAGE)) });
    // The refused socket heard nothing (no snapshot), and those under the cap still work.
    await expect(over.next()).rejects.toThrow();
    open.pop()!.ws.close(1000, "done");
    await expect.poll(async () => {
      const again = (await openLive(slug, token, "?totals=1")).live!;
      const first = await Promise.race([again.next(), again.closed]);
      if ("type" in first) open.push(again);
      return "type" in first ? first.type : first.code;
    }, { timeout: 15_000, interval: 200 }).toBe("snapshot");
    for (const s of open) s.close();
  }, 60_000);
});
