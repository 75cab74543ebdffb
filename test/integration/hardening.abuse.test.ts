import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";
import { signIn } from "../helpers/sign-in";

describe("rate limits answer 429 with Retry-After", () => {
  it("page creation: 60 well-formed requests a minute per client (malformed ones don't count)", async () => {
    const client = { "cf-connecting-ip": "203.0.113.40" };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) expect((await call("POST", "/api/v1/pages", { headers: client, body: { slug: "x", displayName: "" } })).status).toBe(400);
    for (let i = 0; i < 62; i++) statuses.push((await call("POST", "/api/v1/pages", { headers: client, body: { slug: uniqueSlug("flood"), displayName: "F" } })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(60);
    const res = await call("POST", "/api/v1/pages", { headers: client, body: { slug: uniqueSlug("flood"), displayName: "F" } });
    await expectProblem(res, 429);
    expect(res.headers.get("retry-after")).toBe("60");
    // Someone else is unaffected.
    expect((await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug("other"), displayName: "O" } })).status).toBe(201);
  });

  it("a signed-in user is limited by account, wherever the requests come from", async () => {
    const s = await signIn();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await call("POST", "/api/v1/pages", { headers: s.headers, body: { slug: uniqueSlug("acct"), displayName: "A" } })).status);
    expect(statuses.slice(0, 60).every((x) => x === 201)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it("API writes: 300 a minute per caller", async () => {
    const { slug, token } = await createPage();
    const client = { "cf-connecting-ip": "203.0.113.41" };
    let first429 = -1;
    for (let i = 0; i < 305 && first429 < 0; i++) {
      const res = await call("PATCH", `/api/v1/pages/${slug}`, { token, headers: client, body: { bio: `edit ${i}` } });
      if (res.status === 429) {
        first429 = i;
        expect(res.headers.get("retry-after")).toBe("60");
      } else expect(res.status).toBe(200);
    }
    expect(first429).toBe(300);
    // Reads are not limited by it.
    expect((await call("GET", `/api/v1/pages/${slug}`, { token, headers: client })).status).toBe(200);
  });
});
