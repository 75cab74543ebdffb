// Delivering one event: a signed POST to the owner's endpoint.

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

// The signature: Standard Webhooks (https://www.standardwebhooks.com/, "Signature scheme"):
// webhook-signature = "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), where the key is
// the base64-decoded part of the `whsec_…` secret after the prefix.

const PREFIX = "whsec_";
/** The spec asks for 24–64 random bytes; 32 is what most senders use. */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

export async function signPayload(secret: string, msgId: string, timestamp: number, body: string): Promise<string> {
  if (!secret.startsWith(PREFIX)) throw new Error("not a whsec_ secret");
  const key = await crypto.subtle.importKey("raw", fromBase64(secret.slice(PREFIX.length)), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${msgId}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
