import { exports } from "cloudflare:workers";

export interface CallOptions {
  body?: unknown;
  rawBody?: BodyInit;
  token?: string;
  headers?: Record<string, string>;
}

/** Send a request through the real Worker entry (router → DO → D1), as a client would. */
export function call(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers = new Headers(opts.headers);
  // Distinct visitors have distinct addresses: give each request its own unless the test sets one,
  // so per-client rate limits only trip in the tests that aim at them.
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return exports.default.fetch(new Request(`http://localhost${path}`, { method, headers, body, redirect: "manual" }));
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
