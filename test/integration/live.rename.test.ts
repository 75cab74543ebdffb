// Live sockets carried over a rename (docs/rename.md#live-sockets): a socket open at the old address
// stays open, hears {type:"renamed"} once, and keeps hearing the page's clicks made at the new address,
// relayed by the page's new DO to the old one. Real Worker, real DOs, real WebSockets.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LinkPage } from "../../src/link-page/link-page";
import { call } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { openLive, type LiveSocket } from "../helpers/live";

const rename = (slug: string, to: string, token: string) => call("PATCH", `/api/v1/pages/${slug}`, { token, body: { slug: to } });

/** Totals frames until they show `want`; answers the last totals seen per link. */
async function totalsUntil(live: LiveSocket, want: Record<string, number>): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  while (Object.entries(want).some(([id, n]) => seen[id] !== n)) {
    const f = await live.next();
    expect(f.type).toBe("totals");
    Object.assign(seen, f.totals);
  }
  return seen;
}

describe("a rename carries open live sockets over", () => {
  it("an API client's per-click socket hears every click made at the new address, with exact totals, without reconnecting", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    const each = (await openLive(slug, token)).live!;
    const totals = (await openLive(slug, token, "?totals=1")).live!;
    expect(await each.next()).toEqual({ type: "snapshot", totals: {} });
    await totals.next();
    await click(slug, a.id);
    await click(slug, a.id);
    expect((await each.next()).total).toBe(1);
    expect((await each.next()).total).toBe(2);
    await totalsUntil(totals, { [a.id]: 2 });

    const to = uniqueSlug("moved");
    expect((await rename(slug, to, token)).status).toBe(200);
    expect(await each.next()).toEqual({ type: "renamed", slug: to });
    expect(await totals.next()).toEqual({ type: "renamed", slug: to });

    // Clicks at the new address, one at a time and then a burst: every one heard once, in order.
    await click(to, b.id);
    await click(to, a.id);
    const burst = [a, b, a, a, b, b, a];
    await Promise.all(burst.map((l) => click(to, l.id)));
    const heard: { linkId: string; total: number }[] = [];
    while (heard.length < 2 + burst.length) {
      const m = await each.next();
      expect(m).toEqual({ type: "click", linkId: expect.any(String), total: expect.any(Number), at: expect.any(String) });
      heard.push({ linkId: m.linkId, total: m.total });
    }
    const finalA = 3 + burst.filter((l) => l === a).length;
    const finalB = 1 + burst.filter((l) => l === b).length;
    expect(heard.filter((c) => c.linkId === a.id).map((c) => c.total)).toEqual(Array.from({ length: finalA - 2 }, (_, i) => i + 3));
    expect(heard.filter((c) => c.linkId === b.id).map((c) => c.total)).toEqual(Array.from({ length: finalB }, (_, i) => i + 1));
    expect(await totalsUntil(totals, { [a.id]: finalA, [b.id]: finalB })).toEqual({ [a.id]: finalA, [b.id]: finalB });

    // The old address's DO may be evicted (its sockets hibernate): relaying wakes it, and goes on.
    await evictDurableObject(env.LINK_PAGE.getByName(slug) as DurableObjectStub<LinkPage>);
    await click(to, b.id);
    expect(await each.next()).toMatchObject({ type: "click", linkId: b.id, total: finalB + 1 });
    each.close();
    totals.close();
  });

  it("follows a second rename (a → b → c): the first address's sockets are told the newest slug and keep hearing clicks", async () => {
    const { slug, token, page } = await createPage();
    const id = page.links[0].id;
    const first = (await openLive(slug, token)).live!;
    await first.next();
    const b = uniqueSlug("b");
    expect((await rename(slug, b, token)).status).toBe(200);
    expect(await first.next()).toEqual({ type: "renamed", slug: b });
    const second = (await openLive(b, token)).live!;
    await second.next();
    const c = uniqueSlug("c");
    expect((await rename(b, c, token)).status).toBe(200);
    expect(await second.next()).toEqual({ type: "renamed", slug: c });
    expect(await first.next()).toEqual({ type: "renamed", slug: c });
    await click(c, id);
    expect(await first.next()).toMatchObject({ type: "click", linkId: id, total: 1 });
    expect(await second.next()).toMatchObject({ type: "click", linkId: id, total: 1 });
    first.close();
    second.close();
  });

  it("ends carried-over sockets when the page is deleted at its new address", async () => {
    const { slug, token } = await createPage();
    const old = (await openLive(slug, token)).live!;
    await old.next();
    const to = uniqueSlug("gone");
    expect((await rename(slug, to, token)).status).toBe(200);
    expect(await old.next()).toEqual({ type: "renamed", slug: to });
    expect((await call("DELETE", `/api/v1/pages/${to}`, { token })).status).toBe(204);
    expect(await old.closed).toEqual({ code: 4004, reason: "page deleted" });
  });

  it("stops relaying once the old address has no socket open", async () => {
    const { slug, token, page } = await createPage();
    const old = (await openLive(slug, token)).live!;
    await old.next();
    const to = uniqueSlug("quiet");
    expect((await rename(slug, to, token)).status).toBe(200);
    expect(await old.next()).toEqual({ type: "renamed", slug: to });
    const relays = () =>
      runInDurableObject(env.LINK_PAGE.getByName(to) as DurableObjectStub<LinkPage>, (_i, s) => s.storage.sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'live_relays'").toArray()[0]?.value ?? null);
    expect(await relays()).toBe(JSON.stringify([slug]));
    old.close();
    // Each click relays until the old DO answers that no socket is left; then the address is dropped.
    await expect.poll(async () => (await click(to, page.links[0].id), relays()), { timeout: 15_000, interval: 100 }).toBeNull();
  }, 30_000);
});
