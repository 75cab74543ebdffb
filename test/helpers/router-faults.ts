// Fault injection for the router's D1 (hardening.faults and subscribers.announce tests): a wrapper that fails
// chosen statements before they reach D1 or after they commit, and helpers to run one request with it.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { app } from "../../src/app";

export type Fault = "before" | "after";
export type Method = "run" | "first" | "all" | "raw" | "batch" | "prepare";

/**
 * A D1Database wrapper for the router: every statement goes to the real D1 unless `rule` picks a
 * fault for it — "before" throws without touching D1, "after" lets D1 commit and then throws (the
 * reply was lost). Faults hit `prepare` itself too (rule sees method "prepare").
 */
export class RouterFaultyD1 {
  readonly #real: D1Database;
  readonly #rule: (sql: string, method: Method) => Fault | null;
  readonly #unwrap = new WeakMap<object, D1PreparedStatement>();
  readonly #sqlOf = new WeakMap<object, string>();
  faults = 0;

  constructor(real: D1Database, rule: (sql: string, method: Method) => Fault | null) {
    this.#real = real;
    this.#rule = rule;
  }

  async #apply<T>(sql: string, method: Method, go: () => Promise<T>): Promise<T> {
    const fault = this.#rule(sql, method);
    if (fault === "before") {
      this.faults++;
      throw new Error(`D1_ERROR: injected fault before ${method} (${sql.slice(0, 40)})`);
    }
    const result = await go();
    if (fault === "after") {
      this.faults++;
      throw new Error(`D1_ERROR: injected fault after ${method} committed (${sql.slice(0, 40)})`);
    }
    return result;
  }

  #wrap(sql: string, stmt: D1PreparedStatement): D1PreparedStatement {
    const self = this;
    const wrapped = {
      bind: (...values: unknown[]) => self.#wrap(sql, stmt.bind(...values)),
      run: () => self.#apply(sql, "run", () => stmt.run()),
      all: () => self.#apply(sql, "all", () => stmt.all()),
      raw: (opts?: any) => self.#apply(sql, "raw", () => stmt.raw(opts)),
      first: (col?: string) => self.#apply(sql, "first", () => (col === undefined ? stmt.first() : stmt.first(col))),
    } as unknown as D1PreparedStatement;
    this.#unwrap.set(wrapped, stmt);
    this.#sqlOf.set(wrapped, sql);
    return wrapped;
  }

  prepare(sql: string): D1PreparedStatement {
    if (this.#rule(sql, "prepare") === "before") {
      this.faults++;
      throw new Error("D1_ERROR: injected fault in prepare");
    }
    return this.#wrap(sql, this.#real.prepare(sql));
  }

  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const sql = statements.map((s) => this.#sqlOf.get(s) ?? "").join("; ");
    return this.#apply(sql, "batch", () => this.#real.batch<T>(statements.map((s) => this.#unwrap.get(s) ?? s)));
  }

  exec(query: string) {
    return this.#apply(query, "run", () => this.#real.exec(query));
  }

  withSession() {
    return this;
  }
}

/** One request through the router with some bindings replaced; waits for its waitUntil work too. */
export async function fetchWith(overrides: Partial<Cloudflare.Env>, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
  const headers = new Headers({ "cf-connecting-ip": `198.18.7.${Math.floor(Math.random() * 250)}`, ...opts.headers });
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
  }
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://localhost${path}`, { method, headers, body, redirect: "manual" }), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A server-side failure, answered as problem+json with no stack trace and nothing internal. */
export async function expectServerProblem(res: Response) {
  const text = await res.text();
  expect([500, 503], text).toContain(res.status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = JSON.parse(text);
  expect(body).toMatchObject({ status: res.status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(text).not.toMatch(/\bat .+:\d+:\d+|\.ts:\d+|D1_ERROR|injected|INSERT|DELETE|SELECT/);
}

export const subscribersOf = async (slug: string) =>
  (await env.DB.prepare("SELECT s.email FROM subscribers s JOIN pages p ON p.id = s.page_id WHERE p.slug = ? ORDER BY s.email").bind(slug).all<{ email: string }>()).results.map(
    (r) => r.email,
  );


export const onSql = (pattern: RegExp, fault: Fault, methods: Method[] = ["run", "first", "all", "batch"]) => (sql: string, m: Method) =>
  pattern.test(sql) && methods.includes(m) ? fault : null;

