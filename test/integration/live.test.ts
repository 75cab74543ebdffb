import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { openLive } from "../helpers/live";
import { SLICE } from "../../src/link-page/live/fanout";
import { expectProblem } from "../helpers/problem";

describe("GET /api/v1/pages/{slug}/live (WebSocket)", () => {
  it("sends a snapshot, then one message per counted click", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    await click(slug, a.id);
    const { res, live } = await openLive(slug, token);
    expect(res.status).toBe(101);
    expect(await live!.next()).toEqual({ type: "snapshot", totals: { [a.id]: 1 } });
    const t0 = Date.now();
    await click(slug, b.id);
    const msg = await live!.next();
    expect(msg).toEqual({ type: "click", linkId: b.id, total: 1, at: expect.any(String) });
    expect(Date.parse(msg.at)).toBeGreaterThanOrEqual(t0 - 1000);
    await click(slug, a.id);
    expect(await live!.next()).toMatchObject({ type: "click", linkId: a.id, total: 2 });
    // Bots and HEAD are not counted, so they send nothing; the next real click is what arrives.
    await click(slug, a.id, { ua: "Googlebot/2.1" });
    await click(slug, a.id, { method: "HEAD" });
    await click(slug, b.id);
    expect(await live!.next()).toMatchObject({ type: "click", linkId: b.id, total: 2 });
    live!.close();
  });

  it("answers pings and refuses malformed messages without closing", async () => {
    const { slug, token } = await createPage();
    const { live } = await openLive(slug, token);
    await live!.next(); // snapshot
    live!.ws.send(JSON.stringify({ type: "ping" }));
    expect(await live!.next()).toEqual({ type: "pong" });
    live!.ws.send("not json");
    expect(await live!.next()).toMatchObject({ type: "error" });
    live!.ws.send(JSON.stringify({ type: "ping" }));
    expect(await live!.next()).toEqual({ type: "pong" });
    live!.close();
  });

  it("pushes to every owner socket", async () => {
    const { slug, token, page } = await createPage();
    const one = (await openLive(slug, token)).live!;
    const two = (await openLive(slug, token)).live!;
    await one.next();
    await two.next();
    await click(slug, page.links[0].id);
    expect(await one.next()).toMatchObject({ type: "click", total: 1 });
    expect(await two.next()).toMatchObject({ type: "click", total: 1 });
    one.close();
    two.close();
  });

  it("with ?batch=1, coalesces concurrent clicks into {type:\"clicks\"} frames while plain sockets still get one message per click", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    const batch = (await openLive(slug, token, "?batch=1")).live!;
    const each = (await openLive(slug, token)).live!;
    expect(await batch.next()).toEqual({ type: "snapshot", totals: {} });
    await each.next();
    // 12 visitors at once: the router groups them into one DO call, so they share a frame.
    const targets = [a, a, b, a, b, a, a, b, a, a, b, a];
    await Promise.all(targets.map((l) => click(slug, l.id)));
    const heard: any[] = [];
    let frames = 0;
    while (heard.length < targets.length) {
      const frame = await batch.next();
      expect(frame.type).toBe("clicks");
      frames++;
      heard.push(...frame.clicks);
    }
    expect(frames).toBeLessThan(targets.length);
    for (const c of heard) expect(c).toEqual({ linkId: expect.any(String), total: expect.any(Number), at: expect.any(String) });
    // Every click once, totals counting up per link with nothing skipped or repeated.
    for (const l of [a, b]) {
      const n = targets.filter((t) => t === l).length;
      expect(heard.filter((c) => c.linkId === l.id).map((c) => c.total)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
    const plain = await Promise.all(targets.map(() => each.next()));
    expect(plain.every((m) => m.type === "click")).toBe(true);
    expect(plain.map((m) => m.total).sort()).toEqual(heard.map((c) => c.total).sort());
    // A lone click later still arrives promptly on its own frame.
    await click(slug, b.id);
    expect(await batch.next()).toEqual({ type: "clicks", clicks: [{ linkId: b.id, total: 5, at: expect.any(String) }] });
    batch.close();
    each.close();
  });

  it("with more sockets than one turn writes, every socket hears every click once and in order — batch and plain, sockets opened mid-stream too", async () => {
    const { slug, token, page } = await createPage({ links: [{ title: "A", url: "https://a.example" }, { title: "B", url: "https://b.example" }] });
    const [a, b] = page.links;
    const open = async (n: number, query: string) => {
      const sockets = await Promise.all(Array.from({ length: n }, () => openLive(slug, token, query).then((r) => r.live!)));
      const snapshots = await Promise.all(sockets.map((s) => s.next()));
      for (const snap of snapshots) expect(snap.type).toBe("snapshot");
      return sockets.map((s, i) => ({ s, batch: query !== "", totals: snapshots[i].totals as Record<string, number> }));
    };
    // A round of writes spans several turns (SLICE sockets each); clicks land while one is going on.
    const early = [...(await open(SLICE + 7, "?batch=1")), ...(await open(SLICE + 5, ""))];
    const wave1 = [a, b, a, a, b];
    await Promise.all(wave1.map((l) => click(slug, l.id)));
    const late = [...(await open(SLICE + 3, "?batch=1")), ...(await open(9, ""))];
    const wave2 = [b, a, b, a];
    for (const l of wave2) await click(slug, l.id);
    const all = [...wave1, ...wave2];
    const final: Record<string, number> = { [a.id]: all.filter((l) => l === a).length, [b.id]: all.filter((l) => l === b).length };
    const sockets = [...early, ...late];
    try {
      const hear = async ({ s, batch }: (typeof sockets)[number], n: number) => {
        const heard: { linkId: string; total: number }[] = [];
        while (heard.length < n) {
          const msg = await s.next();
          expect(msg.type).toBe(batch ? "clicks" : "click");
          heard.push(...(batch ? msg.clicks : [msg]));
        }
        return heard;
      };
      await Promise.all(
        sockets.map(async (sock) => {
          // What this socket must hear: per link, every total after its snapshot's, once, in order.
          const want = (id: string) => Array.from({ length: final[id]! - (sock.totals[id] ?? 0) }, (_, i) => (sock.totals[id] ?? 0) + i + 1);
          const heard = await hear(sock, want(a.id).length + want(b.id).length);
          for (const l of [a, b]) expect(heard.filter((c) => c.linkId === l.id).map((c) => c.total)).toEqual(want(l.id));
        }),
      );
      // And nothing more: the next thing every socket hears is the next click.
      await click(slug, b.id);
      for (const heard of await Promise.all(sockets.map((sock) => hear(sock, 1)))) {
        expect(heard.map(({ linkId, total }) => ({ linkId, total }))).toEqual([{ linkId: b.id, total: final[b.id]! + 1 }]);
      }
    } finally {
      for (const { s } of sockets) s.close();
    }
  });

  it("refuses an unknown batch value, naming the parameter", async () => {
    const { slug, token } = await createPage();
    const { res } = await openLive(slug, token, "?batch=yes");
    expect(res.webSocket).toBeNull();
    await expectProblem(res, 400, "batch");
  });

  it("refuses visitors and other owners before any upgrade", async () => {
    const { slug } = await createPage();
    const other = await createPage();
    const anon = await openLive(slug);
    expect(anon.res.webSocket).toBeNull();
    await expectProblem(anon.res, 401);
    const wrong = await openLive(slug, other.token);
    expect(wrong.res.webSocket).toBeNull();
    await expectProblem(wrong.res, 403);
  });

  it("asks for an upgrade when called as plain HTTP", async () => {
    const { slug, token } = await createPage();
    await expectProblem(await call("GET", `/api/v1/pages/${slug}/live`, { token }), 400);
  });
});

describe("live socket in the browser (session cookie)", () => {
  it("opens for the signed-in owner from our origin, and refuses a cross-site page (WebSocket hijacking)", async () => {
    const { signIn } = await import("../helpers/sign-in");
    const { exports } = await import("cloudflare:workers");
    const s = await signIn();
    const created = await call("POST", "/api/v1/pages", { headers: s.headers, body: { slug: `live-${Date.now()}`, displayName: "L" } });
    const slug = ((await created.json()) as any).page.slug;
    const open = (origin: string) =>
      exports.default.fetch(new Request(`http://localhost/api/v1/pages/${slug}/live`, { headers: { upgrade: "websocket", cookie: s.cookie, origin } }));
    const ok = await open("http://localhost");
    expect(ok.status).toBe(101);
    ok.webSocket!.accept();
    ok.webSocket!.close(1000);
    const evil = await open("https://evil.example");
    expect(evil.webSocket).toBeNull();
    await expectProblem(evil, 403);
  });
});
