import { call } from "./api";
import { BROWSER_UA } from "./click";

/** A visitor opening /{slug}, as a browser sends it. */
export function view(slug: string, opts: { ua?: string; headers?: Record<string, string>; method?: string; query?: string } = {}) {
  return call(opts.method ?? "GET", `/${slug}${opts.query ?? ""}`, { headers: { "user-agent": opts.ua ?? BROWSER_UA, ...opts.headers } });
}
