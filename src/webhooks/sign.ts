// Standard Webhooks signatures (https://www.standardwebhooks.com/, "Signature scheme"):
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
