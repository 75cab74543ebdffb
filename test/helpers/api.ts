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
