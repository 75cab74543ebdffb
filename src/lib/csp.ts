import { sha256Base64 } from "./crypto";

const memo = new Map<string, Promise<string>>();

/** CSP source hash for an inline <style> body; memoised because the same few strings recur. */
export function cspStyleHash(css: string): Promise<string> {
  let h = memo.get(css);
  if (!h) {
    if (memo.size > 500) memo.clear();
    h = sha256Base64(css).then((b64) => `sha256-${b64}`);
    memo.set(css, h);
  }
  return h;
}
