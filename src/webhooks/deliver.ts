import { signPayload } from "./sign";

export interface AttemptResult {
  ok: boolean;
  /** The endpoint's HTTP status, or null when it gave none (timeout, network error). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

const MAX_ERROR_LENGTH = 300;

/**
 * One signed POST to an endpoint (Standard Webhooks headers; the timestamp and signature are made
 * per attempt, so a retry a day later is not refused as a replay). Success is a 2xx and nothing
 * else: redirects are not followed (a 3xx could point anywhere, including where we refuse to go),
 * and an endpoint that has not answered within `timeoutMs` has failed. The response body is
 * never read.
 */
export async function postWebhook(
  url: string,
  msg: { msgId: string; body: string; secret: string },
  timeoutMs: number,
): Promise<AttemptResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = await signPayload(msg.secret, msg.msgId, timestamp, msg.body);
  const started = Date.now();
  const done = (ok: boolean, status: number | null, error: string | null): AttemptResult => ({
    ok,
    status,
    error: error && error.length > MAX_ERROR_LENGTH ? error.slice(0, MAX_ERROR_LENGTH - 1) + "…" : error,
    durationMs: Date.now() - started,
  });
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      body: msg.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "MeLinks-Webhooks/1.0 (+https://www.standardwebhooks.com/)",
        "webhook-id": msg.msgId,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signature,
      },
    });
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e?.name === "TimeoutError" || e?.name === "AbortError") return done(false, null, `no response within ${timeoutMs} ms`);
    return done(false, null, `request failed: ${e?.message ?? String(err)}`);
  }
  await res.body?.cancel().catch(() => {});
  if (res.status >= 200 && res.status < 300) return done(true, res.status, null);
  if (res.status >= 300 && res.status < 400) {
    const to = res.headers.get("location");
    return done(false, res.status, `HTTP ${res.status} redirect${to ? ` to ${to}` : ""} not followed; point the webhook at the final URL`);
  }
  return done(false, res.status, `HTTP ${res.status}`);
}
