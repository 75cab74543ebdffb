// A live socket lasts only as long as the access it was opened with: deleting the page, claiming it
// (the token is spent), signing out (one session or everywhere) and revoking an API key close the
// sockets opened that way, and no later page under the same slug reaches them (actions/live-access.ts).
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { openLive, type LiveSocket } from "../helpers/live";
import { signIn, type Session } from "../helpers/sign-in";
import { endHold } from "../helpers/released-slugs";

const asCookie = (s: Session) => ({ cookie: s.cookie, origin: "http://localhost" });

async function liveWith(slug: string, opts: { token?: string; session?: Session; query?: string }): Promise<LiveSocket> {
  const { live } = await openLive(slug, opts.token, opts.query ?? "", opts.session ? asCookie(opts.session) : {});
  expect(live, "the socket opened").toBeDefined();
  expect((await live!.next()).type).toBe("snapshot");
  return live!;
}

/** Still open: it hears the next click (and answers a ping). */
async function stillHears(live: LiveSocket, slug: string, linkId: string) {
  await click(slug, linkId);
  expect((await live.next()).type).toMatch(/^clicks?$/);
}

async function ownedPage(s: Session) {
  const slug = uniqueSlug("live");
  const res = await call("POST", "/api/v1/pages", { headers: s.headers, body: { slug, displayName: "L", links: [{ title: "A", url: "https://a.example" }] } });
  expect(res.status).toBe(201);
  return { slug, linkId: (await json(res)).page.links[0].id as string };
}

describe("live sockets end with the access that opened them", () => {
  it("deleting the page closes its sockets; a new page under the same slug never reaches them", async () => {
    const { slug, token } = await createPage();
    const each = await liveWith(slug, { token });
    const batch = await liveWith(slug, { token, query: "?batch=1" });
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    expect(await each.closed).toEqual({ code: 4004, reason: "page deleted" });
    expect(await batch.closed).toEqual({ code: 4004, reason: "page deleted" });

    await endHold(slug); // a deleted page's slug is held for 30 days (docs/rename.md)
    const again = await createPage({ slug });
    const fresh = await liveWith(slug, { token: again.token });
    await stillHears(fresh, slug, again.page.links[0].id);
    fresh.close();
  });

  it("claiming the page closes the claim token's sockets, not the new owner's", async () => {
    const { slug, token, page } = await createPage();
    const viaToken = await liveWith(slug, { token });
    const owner = await signIn();
    expect((await call("POST", `/api/v1/pages/${slug}/claim`, { headers: owner.headers, body: { claimToken: token } })).status).toBe(200);
    expect(await viaToken.closed).toEqual({ code: 4003, reason: "page claimed" });
    const mine = await liveWith(slug, { session: owner });
    await stillHears(mine, slug, page.links[0].id);
    mine.close();
  });

  it("signing out closes that session's sockets on every page; other sessions and API keys keep theirs", async () => {
    const here = await signIn();
    const laptop = await signIn(here.email);
    const a = await ownedPage(here);
    const b = await ownedPage(here);
    const key = (await json(await call("POST", "/api/v1/api-keys", { headers: here.headers, body: { name: "live" } }))).key as string;
    const hereA = await liveWith(a.slug, { session: here });
    const hereB = await liveWith(b.slug, { session: here, query: "?batch=1" });
    const laptopA = await liveWith(a.slug, { session: laptop });
    const keyA = await liveWith(a.slug, { token: key });

    expect((await call("POST", "/api/v1/auth/logout", { headers: here.headers })).status).toBe(204);
    expect(await hereA.closed).toEqual({ code: 4001, reason: "access ended" });
    expect(await hereB.closed).toEqual({ code: 4001, reason: "access ended" });
    await stillHears(laptopA, a.slug, a.linkId);
    expect((await keyA.next()).type).toBe("click");

    // Everywhere: every session's sockets end; the API key's stays.
    expect((await call("POST", "/api/v1/auth/logout", { headers: laptop.headers, body: { everywhere: true } })).status).toBe(204);
    expect(await laptopA.closed).toEqual({ code: 4001, reason: "access ended" });
    await stillHears(keyA, a.slug, a.linkId);

    // Revoking the key closes its sockets too.
    const keyId = (await json(await call("GET", "/api/v1/api-keys", { token: key }))).apiKeys[0].id as string;
    expect((await call("DELETE", `/api/v1/api-keys/${keyId}`, { token: key })).status).toBe(204);
    expect(await keyA.closed).toEqual({ code: 4001, reason: "access ended" });
  });

  it("a client's own _pk cannot put its socket in both delivery groups (one message per click, not two)", async () => {
    const { slug, token, page } = await createPage();
    const sneaky = await liveWith(slug, { token, query: "?_pk=mode:batch" });
    await click(slug, page.links[0].id);
    expect(await sneaky.next()).toMatchObject({ type: "click", total: 1 });
    await click(slug, page.links[0].id);
    expect(await sneaky.next()).toMatchObject({ type: "click", total: 2 }); // not a "clicks" frame repeating 1
    sneaky.close();
  });
});
