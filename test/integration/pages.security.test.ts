import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";

describe("who may manage a page", () => {
  const methods: [string, unknown][] = [["GET", undefined], ["PATCH", { bio: "hacked" }], ["DELETE", undefined]];

  it.each(methods)("%s without credentials → 401 with WWW-Authenticate", async (method, body) => {
    const { slug } = await createPage();
    const res = await call(method, `/api/v1/pages/${slug}`, { body });
    await expectProblem(res, 401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it.each(methods)("%s with another page's claim token → 403, and nothing changes", async (method, body) => {
    const mine = await createPage();
    const theirs = await createPage();
    await expectProblem(await call(method, `/api/v1/pages/${mine.slug}`, { token: theirs.token, body }), 403);
    const res = await call("GET", `/api/v1/pages/${mine.slug}`, { token: mine.token });
    expect(res.headers.get("etag")).toBe(mine.etag);
  });

  it("a made-up claim token → 403", async () => {
    const { slug } = await createPage();
    await expectProblem(await call("GET", `/api/v1/pages/${slug}`, { token: "mlc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }), 403);
  });

  it.each([
    ["a token without prefix", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["an unknown API key", "mlk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a truncated API key", "mlk_AAAA"],
  ])("%s is no credential → 401", async (_n, token) => {
    const { slug } = await createPage();
    await expectProblem(await call("GET", `/api/v1/pages/${slug}`, { token }), 401);
  });

  it("the right claim token without its prefix, or passed off as an API key, is refused (prefixes are checked)", async () => {
    const { slug, token } = await createPage();
    await expectProblem(await call("GET", `/api/v1/pages/${slug}`, { token: token.slice(4) }), 401);
    await expectProblem(await call("GET", `/api/v1/pages/${slug}`, { token: "mlk_" + token.slice(4) }), 401);
  });

  it("Basic auth or a malformed header is not a credential", async () => {
    const { slug, token } = await createPage();
    await expectProblem(await call("GET", `/api/v1/pages/${slug}`, { headers: { authorization: `Basic ${btoa("a:b")}` } }), 401);
    await expectProblem(await call("GET", `/api/v1/pages/${slug}`, { headers: { authorization: `Bearer ${token} extra` } }), 401);
  });

  it("an unknown page with credentials → 404", async () => {
    const { token } = await createPage();
    await expectProblem(await call("GET", "/api/v1/pages/no-such-page-here", { token }), 404);
  });

  it("checks credentials before validating the body, so strangers learn nothing from 400s", async () => {
    const { slug } = await createPage();
    await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { body: { links: "nope" } }), 401);
  });

  it("never echoes a secret in an error", async () => {
    const { slug, token } = await createPage();
    const other = await createPage();
    const res = await call("PATCH", `/api/v1/pages/${other.slug}`, { token, body: { bio: "x" } });
    expect(await res.text()).not.toContain(token.slice(4));
    void slug;
  });

  it("anonymous creation sets no cookie", async () => {
    const res = await call("POST", "/api/v1/pages", { body: { slug: `c-${Date.now()}`, displayName: "C" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});
