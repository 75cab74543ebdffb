// Route-wide bad input (docs/contract.md#accounts-sign-in-and-the-api: clear errors on every door): every operation in the OpenAPI document — read at run time from
// GET /api/v1/openapi.json, so a new route is covered the day it is added — gets hostile path
// parameters, query values and bodies, with valid credentials where the route needs them (the
// operator token for admin routes, a pro owner's session cookie otherwise). Every answer must be
// below 500, and every 4xx an RFC 9457 problem+json without a stack trace.
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { proPageWithSignup } from "../helpers/pro-page";

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string }[];
  hasBody: boolean;
}

const LONG = "x".repeat(10_000);
const HOSTILE_PARAMS = [LONG, "__proto__", "constructor", "%00", "..%2F..%2Fadmin", "%E0%A4%A", "%C0%AF", "a%0d%0aSet-Cookie:%20x=1", "１２３", "null"];
const HOSTILE_QUERY = ["", LONG, "__proto__", "[]", "-1", "1e309", "NaN", "%00", "2026-13-45T99:99:99Z"];
const WRONG_TYPES = {
  slug: 1, displayName: [], bio: {}, email: {}, name: 42, url: false, events: "subscriber.created", plan: null, status: 7,
  claimToken: [], links: {}, theme: "classic", emailSignup: 1, next: 5, website: [], enabled: "yes",
};
const LONG_STRINGS = Object.fromEntries(Object.keys(WRONG_TYPES).map((k) => [k, LONG]));
const HOSTILE_BODIES: [string, string | undefined, Record<string, string>][] = [
  ["no body, no content type", undefined, {}],
  ["empty body", "", { "content-type": "application/json" }],
  ["null", "null", { "content-type": "application/json" }],
  ["[]", "[]", { "content-type": "application/json" }],
  ["a number", "42", { "content-type": "application/json" }],
  ["a string", '"hello"', { "content-type": "application/json" }],
  ["truncated JSON", '{"email": "a@', { "content-type": "application/json" }],
  ["wrong types", JSON.stringify(WRONG_TYPES), { "content-type": "application/json" }],
  ["10,000-char strings", JSON.stringify(LONG_STRINGS), { "content-type": "application/json" }],
  ["__proto__ and constructor", '{"__proto__":{"admin":true,"plan":"pro","polluted":1},"constructor":{"prototype":{"polluted":1}},"email":"a@example.com","name":"k","plan":"pro"}', { "content-type": "application/json" }],
  ["JSON sent as text/plain", '{"email":"a@example.com"}', { "content-type": "text/plain" }],
];

const STACK = /\bat .+:\d+:\d+|\.ts:\d+|\.js:\d+|Error: |node_modules/;

async function operations(): Promise<Operation[]> {
  const doc = await json(await call("GET", "/api/v1/openapi.json"));
  const ops: Operation[] = [];
  // Paths are relative to the document's server (/api/v1).
  const base = new URL(doc.servers?.[0]?.url ?? "/api/v1", "http://localhost").pathname.replace(/\/$/, "");
  for (const [rel, item] of Object.entries<any>(doc.paths)) {
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const op = item[method];
      if (!op) continue;
      const path = rel.startsWith(base) ? rel : `${base}${rel}`;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => ({ name: p.name, in: p.in }));
      ops.push({ method: method.toUpperCase(), path, params, hasBody: !!op.requestBody });
    }
  }
  return ops;
}

let tried = 0;
async function expectClean(res: Response, label: string) {
  tried++;
  const text = await res.text();
  expect(res.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), `${label}: ${res.status}`).toContain("application/problem+json");
    const body = JSON.parse(text);
    expect(body, label).toMatchObject({ status: res.status, title: expect.any(String), type: expect.any(String) });
  }
  expect(text, label).not.toMatch(STACK);
  // No route hands out a cookie here; sign-out and account deletion may only clear the session cookie.
  const cookie = res.headers.get("set-cookie");
  if (cookie !== null) expect(cookie, label).toMatch(/^melinks_session=;.*Max-Age=0/i);
}

/** A fresh pro owner with a page (and a subscriber) per route, so a DELETE /me or a page delete spoils nothing else. */
async function context() {
  const { owner, slug } = await proPageWithSignup({ confirm: false }); // listed at once
  expect((await call("POST", `/api/v1/pages/${slug}/subscribers`, { body: { email: "sub@example.com" } })).status).toBe(202);
  const values: Record<string, string> = { slug, email: "sub@example.com", id: "wh_doesnotexist" };
  return { owner, values };
}

const ops = await operations();

describe("every /api/v1 route answers hostile input with a 4xx problem+json or a correct result — never a 5xx", () => {
  it("the OpenAPI document lists the routes this test walks", () => {
    expect(ops.length).toBeGreaterThanOrEqual(25);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(["POST /api/v1/pages", "PATCH /api/v1/pages/{slug}", "PUT /api/v1/admin/users/{email}/plan"]));
  });

  it.each(ops.map((o) => [`${o.method} ${o.path}`, o] as const))("%s", async (label, op) => {
    const { owner, values } = await context();
    const admin = op.path.includes("/admin/");
    const auth = admin ? { authorization: "Bearer test-admin-token" } : owner.headers;
    const fill = (override?: { name: string; value: string }) =>
      op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (override && override.name === name ? override.value : encodeURIComponent(name === "email" && admin ? owner.email : (values[name] ?? "x"))));
    const send = (path: string, body?: string, headers: Record<string, string> = {}) =>
      call(op.method, path, { rawBody: op.method === "GET" ? undefined : body, headers: { ...auth, ...headers } });

    // Hostile bodies on valid paths (GET routes take none: their query gets the hostile values below).
    if (op.method !== "GET") {
      for (const [name, body, headers] of HOSTILE_BODIES) await expectClean(await send(fill(), body, headers), `${label} body=${name}`);
    }
    // Hostile path parameters (each in turn), with an ordinary body.
    for (const p of op.params.filter((p) => p.in === "path")) {
      for (const v of HOSTILE_PARAMS) {
        await expectClean(await send(fill({ name: p.name, value: v }), '{"email":"a@example.com"}', { "content-type": "application/json" }), `${label} ${p.name}=${v.slice(0, 20)}`);
      }
    }
    // Hostile query values for each documented query parameter, and an undocumented one.
    for (const q of [...op.params.filter((p) => p.in === "query").map((p) => p.name), "__proto__"]) {
      for (const v of HOSTILE_QUERY) {
        await expectClean(await send(`${fill()}?${q}=${encodeURIComponent(v)}&${q}=${encodeURIComponent(v)}`), `${label} ?${q}=${v.slice(0, 20)}`);
      }
    }
  });

  it("no hostile body polluted Object.prototype, and every route was tried", () => {
    expect(({} as any).polluted).toBeUndefined();
    expect(({} as any).admin).toBeUndefined();
    expect(({} as any).plan).toBeUndefined();
    expect(tried).toBeGreaterThan(ops.length * 10);
  });
});
