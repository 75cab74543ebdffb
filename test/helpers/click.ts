import { call } from "./api";

export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** A visitor's click on /{slug}/go/{linkId}, as a browser sends it. */
export function click(slug: string, linkId: string, opts: { ua?: string; query?: string; headers?: Record<string, string>; method?: string } = {}) {
  return call(opts.method ?? "GET", `/${slug}/go/${linkId}${opts.query ?? ""}`, {
    headers: { "user-agent": opts.ua ?? BROWSER_UA, ...opts.headers },
  });
}
