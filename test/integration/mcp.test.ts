// The MCP server at POST /mcp (docs/mcp.md), driven by the MCP SDK's own client through the real
// Worker entry: both protocol eras, every tool, errors as tool results, API-key-only access, the API's
// body limit, and the API's rate limits counted across both doors.
import { env } from "cloudflare:workers";
import { CreatePageSchema } from "../../src/schemas/page";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { apiKeyHolder } from "../helpers/api-key";
import { click } from "../helpers/click";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { inOneWindow, MANY_REQUESTS_TIMEOUT_MS } from "../helpers/limit-window";
import { callTool, initializeBody, mcpClient, mcpTransport, postMcp, textOf } from "../helpers/mcp";
import { expectProblem } from "../helpers/problem";

const TOOLS = ["create_page", "get_analytics", "get_page", "list_pages", "update_page"];

describe("MCP: connecting and listing tools", () => {
  it.each(["legacy", "auto"] as const)("the SDK client connects (%s negotiation) and lists the tools with their schemas", async (mode) => {
    const { key } = await apiKeyHolder();
    const client = await mcpClient(key, mode);
    expect(client.getServerVersion()).toMatchObject({ name: "melinks" });
    expect(client.getNegotiatedProtocolVersion()).toBe(mode === "legacy" ? "2025-11-25" : "2026-07-28");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    // The API's own schemas: create_page takes POST /pages' body, update_page PATCH's body as `changes`.
    expect(byName.create_page!.inputSchema).toMatchObject({ required: expect.arrayContaining(["slug", "displayName"]) });
    // The API's own create schema, field for field.
    expect(Object.keys(byName.create_page!.inputSchema.properties!)).toEqual(Object.keys(CreatePageSchema.shape));
    expect((byName.update_page!.inputSchema.properties as any).changes.properties.links).toBeDefined();
    expect(Object.keys(byName.get_analytics!.inputSchema.properties!).sort()).toEqual(["from", "granularity", "slug", "to", "tz"]);
    expect(byName.get_page!.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.get_page!.outputSchema).toBeDefined();
    await client.close();
  });
});

describe("MCP: every tool, through the same actions as the API", () => {
  it("create_page, get_page, list_pages, update_page with ifMatch, get_analytics", async () => {
    const { key } = await apiKeyHolder();
    const client = await mcpClient(key);
    const slug = uniqueSlug("mcp");

    const created = await callTool(client, "create_page", { slug, displayName: "Ada", links: [{ title: "Notes", url: "https://example.com/notes" }] });
    expect(created.isError).toBeFalsy();
    const { page, etag } = created.structuredContent as any;
    expect(page).toMatchObject({ slug, displayName: "Ada", claimed: true, plan: "free" });
    expect(JSON.parse(textOf(created))).toEqual(created.structuredContent); // the same answer as text
    // The API sees the page as this key's owner's, with the same version.
    const viaApi = await call("GET", `/api/v1/pages/${slug}`, { token: key });
    expect(viaApi.status).toBe(200);
    expect(viaApi.headers.get("etag")).toBe(etag);

    const got = await callTool(client, "get_page", { slug: slug.toUpperCase() }); // case-folded like the API's path
    expect(got.structuredContent).toEqual({ page, etag });

    const listed = await callTool(client, "list_pages");
    expect((listed.structuredContent as any).pages.map((p: any) => p.slug)).toEqual([slug]);

    const linkId = page.links[0].id;
    const updated = await callTool(client, "update_page", {
      slug,
      ifMatch: etag,
      changes: { bio: "Poet of science", links: [{ id: linkId, title: "Notes", url: "https://example.com/notes" }, { title: "Mail", url: "mailto:ada@example.com" }] },
    });
    expect(updated.isError).toBeFalsy();
    const after = updated.structuredContent as any;
    expect(after.page.bio).toBe("Poet of science");
    expect(after.page.links.map((l: any) => l.id)[0]).toBe(linkId); // kept by id, as PATCH does
    expect(after.etag).not.toBe(etag);
    expect((await json(await call("GET", `/api/v1/pages/${slug}`, { token: key }))).bio).toBe("Poet of science");

    // A stale etag: refused as a tool error, nothing saved.
    const stale = await callTool(client, "update_page", { slug, ifMatch: etag, changes: { bio: "overwritten" } });
    expect(stale.isError).toBe(true);
    expect(textOf(stale)).toMatch(/^Precondition failed: The page changed since that etag; nothing was saved/);
    expect(textOf(stale)).toContain(after.etag);
    expect((await json(await call("GET", `/api/v1/pages/${slug}`, { token: key }))).bio).toBe("Poet of science");

    expect((await click(slug, linkId)).status).toBe(302);
    const stats = await callTool(client, "get_analytics", { slug, granularity: "hour", from: new Date(Date.now() - 3_600_000).toISOString() });
    expect(stats.isError).toBeFalsy();
    const report = stats.structuredContent as any;
    expect(report.totals.clicks).toBe(1);
    expect(report.links.find((l: any) => l.linkId === linkId).clicks).toBe(1);
    // The same numbers as the API's analytics for the same query.
    const apiReport = await json(await call("GET", `/api/v1/pages/${slug}/analytics?granularity=hour&from=${encodeURIComponent(report.from)}&to=${encodeURIComponent(report.to)}`, { token: key }));
    expect(apiReport.totals).toEqual(report.totals);
    await client.close();
  });
});

describe("MCP: failures are tool error results with the problem's words", () => {
  it("invalid input, unknown and other people's pages, taken slugs, bad ranges", async () => {
    const { key } = await apiKeyHolder();
    const other = await apiKeyHolder();
    const client = await mcpClient(key);
    const theirs = uniqueSlug("theirs");
    expect((await call("POST", "/api/v1/pages", { token: other.key, body: { slug: theirs, displayName: "Theirs" } })).status).toBe(201);
    const unclaimed = await createPage();

    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["get_page", { slug: "Not a slug!" }, /^Not found: There is no page "not a slug!"/],
      ["get_page", { slug: uniqueSlug("nobody") }, /^Not found: /],
      ["get_page", { slug: theirs }, /^Not allowed: These credentials do not allow managing this page/],
      ["get_page", { slug: unclaimed.slug }, /^Not allowed: /],
      ["update_page", { slug: theirs, changes: { bio: "mine now" } }, /^Not allowed: /],
      ["get_analytics", { slug: theirs }, /^Not allowed: /],
      ["get_analytics", { slug: uniqueSlug("nobody") }, /^Not (found|allowed): /],
      ["create_page", { slug: theirs, displayName: "Again" }, /^Conflict: The slug ".*" is already taken/],
      ["create_page", { slug: uniqueSlug("js"), displayName: "X", links: [{ title: "x", url: "javascript:alert(1)" }] }, /links\.0\.url: /],
      ["create_page", { slug: "dashboard", displayName: "X" }, /slug: is reserved/],
      // Refused before our handler runs (the SDK checks the input schema), in the API's words for each field.
      ["update_page", { slug: theirs, changes: { nope: 1 } }, /changes\.nope: is not a field here/],
      ["create_page", { slug: uniqueSlug("nameless") }, /displayName: is required/],
      ["get_page", { slug: theirs, extra: true }, /extra: is not a field here/],
      ["get_analytics", { slug: theirs, from: "2026-02-01", to: "2026-01-01" }, /from: must be before `to`/],
    ];
    for (const [tool, args, words] of cases) {
      const res = await callTool(client, tool, args);
      expect(res.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expect(textOf(res), `${tool} ${JSON.stringify(args)}`).toMatch(words);
      expect(res.structuredContent).toBeUndefined();
    }
    // Nothing changed or was created by the refused calls.
    expect((await json(await call("GET", `/api/v1/pages/${theirs}`, { token: other.key }))).bio).toBe("");
    expect((await json(await call("GET", "/api/v1/pages", { token: key }))).pages).toEqual([]);
    await client.close();
  });
});

describe("MCP: API keys only", () => {
  it("no credentials, unknown or revoked keys, claim tokens and session cookies get 401 problem+json", async () => {
    const holder = await apiKeyHolder();
    const { token: claimToken } = await createPage();
    const revoked = await apiKeyHolder();
    expect((await call("DELETE", `/api/v1/api-keys/${revoked.keyId}`, { headers: revoked.session.headers })).status).toBe(204);

    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer mlk_not-a-real-key" },
      { authorization: `Bearer ${revoked.key}` },
      { authorization: `Bearer ${claimToken}` },
      { authorization: "Basic dXNlcjpwYXNz" },
      { cookie: holder.session.cookie }, // a signed-in browser: never enough here
      { cookie: holder.session.cookie, origin: "http://localhost", "sec-fetch-site": "same-origin" },
    ];
    for (const headers of attempts) {
      const res = await postMcp(initializeBody, headers);
      const problem = await expectProblem(res, 401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="melinks"');
      expect(problem.detail).not.toContain("mlk_not");
    }
    expect((await expectProblem(await postMcp(initializeBody, { authorization: `Bearer ${claimToken}` }), 401)).detail).toContain("needs an API key");

    // The SDK's client sees the 401 too, and a working key still connects.
    await expect(mcpClient("mlk_not-a-real-key")).rejects.toThrow(/401|nauthori[sz]ed/);
    await (await mcpClient(holder.key)).close();
  });

  it("a web page of another site is refused even with a key; GET and DELETE are 405 (no sessions)", async () => {
    const { key } = await apiKeyHolder();
    await expectProblem(await postMcp(initializeBody, { authorization: `Bearer ${key}`, origin: "https://evil.example" }), 403);
    const sameSite = await postMcp(initializeBody, { authorization: `Bearer ${key}`, origin: "http://localhost" });
    expect(sameSite.status).toBe(200);
    expect(sameSite.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(sameSite.headers.get("cache-control")).toBe("no-store, no-transform"); // account data: never cached
    expect(await sameSite.text()).toContain('"serverInfo":{"name":"melinks"');
    for (const method of ["GET", "DELETE"]) {
      const res = await call(method, "/mcp", { token: key, headers: { accept: "text/event-stream" } });
      expect(res.status).toBe(405);
    }
  });
});

describe("MCP: the API's body limit", () => {
  it("takes bodies up to the API's limit (more than a form's) and refuses larger ones with 413 problem+json", async () => {
    const { key } = await apiKeyHolder();
    const client = await mcpClient(key);
    // ~40 KiB: over the 16 KiB form limit, under the API's 256 KiB.
    const links = Array.from({ length: 100 }, (_, i) => ({ title: `Link ${i}`, url: `https://example.com/${"a".repeat(380)}/${i}` }));
    const big = await callTool(client, "create_page", { slug: uniqueSlug("big"), displayName: "Big", links });
    expect(big.isError).toBeFalsy();
    expect((big.structuredContent as any).page.links).toHaveLength(100);

    const huge = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_page", arguments: { slug: "x".repeat(300 * 1024) } } });
    const res = await postMcp(huge, { authorization: `Bearer ${key}` });
    expect((await expectProblem(res, 413)).detail).toBe("Request bodies may be at most 256 KiB.");
    await client.close();
  });
});

describe("MCP: the API's rate limits, one budget across both doors", () => {
  const slow = { timeout: MANY_REQUESTS_TIMEOUT_MS };

  it("create_page counts against `create-page` and `write` with the API's own requests; over them both doors refuse", slow, async () => {
    const seen = await inOneWindow(60, async () => {
      const h = await apiKeyHolder(); // 1 write (the key)
      const client = await mcpClient(h.key);
      for (let i = 0; i < 2; i++) expect((await call("POST", "/api/v1/pages", { token: h.key, body: { slug: uniqueSlug("api"), displayName: "A" } })).status).toBe(201);
      for (let i = 0; i < 3; i++) expect((await callTool(client, "create_page", { slug: uniqueSlug("mcp"), displayName: "M" })).isError).toBeFalsy();
      // What is left of each budget, read by using it up through the same limiter the Worker uses.
      const drain = async (binding: RateLimit, limitKey: string) => {
        let left = 0;
        while ((await binding.limit({ key: limitKey })).success) left++;
        return left;
      };
      const createLeft = await drain(env.PAGE_CREATE_LIMITER, `create-page:user:${h.userId}`);
      const writeLeft = await drain(env.API_WRITE_LIMITER, `write:user:${h.userId}`);
      const mcpCreate = await callTool(client, "create_page", { slug: uniqueSlug("mcp"), displayName: "M" });
      const mcpUpdate = await callTool(client, "update_page", { slug: uniqueSlug("any"), changes: { bio: "x" } });
      const api = await call("POST", "/api/v1/pages", { token: h.key, body: { slug: uniqueSlug("api"), displayName: "A" } });
      const pages = (await json(await call("GET", "/api/v1/pages", { token: h.key }))).pages.length;
      await client.close();
      return { createLeft, writeLeft, mcpCreate, mcpUpdate, api, pages };
    });
    expect(seen.createLeft).toBe(60 - 5); // 2 through the API + 3 through MCP
    expect(seen.writeLeft).toBe(300 - 6); // the key, 2 API creates, 3 MCP creates
    expect(seen.mcpCreate.isError).toBe(true);
    expect(textOf(seen.mcpCreate)).toBe("Too many requests: Too many changes in a short time. Try again in a minute.");
    expect(textOf(seen.mcpUpdate)).toBe("Too many requests: Too many changes in a short time. Try again in a minute.");
    await expectProblem(seen.api, 429);
    expect(seen.pages).toBe(5); // the refused ones created nothing
  });

  it("update_page counts against `write` like PATCH", slow, async () => {
    const seen = await inOneWindow(60, async () => {
      const h = await apiKeyHolder(); // 1 write
      const slug = uniqueSlug("w");
      expect((await call("POST", "/api/v1/pages", { token: h.key, body: { slug, displayName: "W" } })).status).toBe(201); // 2
      const client = await mcpClient(h.key);
      for (let i = 0; i < 4; i++) expect((await callTool(client, "update_page", { slug, changes: { bio: `edit ${i}` } })).isError).toBeFalsy();
      let left = 0;
      while ((await env.API_WRITE_LIMITER.limit({ key: `write:user:${h.userId}` })).success) left++;
      const refused = await callTool(client, "update_page", { slug, changes: { bio: "refused" } });
      const bio = (await json(await call("GET", `/api/v1/pages/${slug}`, { token: h.key }))).bio;
      await client.close();
      return { left, refused, bio };
    });
    expect(seen.left).toBe(300 - 6);
    expect(textOf(seen.refused)).toMatch(/^Too many requests: /);
    expect(seen.bio).toBe("edit 3");
  });
});
