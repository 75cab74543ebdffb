// The development outbox (docs/contract.md#running-it): with no RESEND_API_KEY, mail is kept in KV for a day and listed
// at GET /dev/outbox. Keys sort newest first: outbox:<inverted timestamp>:<random>.
import { randomBase64url } from "../lib/crypto";
import { DEV_OUTBOX_TTL_DAYS } from "../lib/policy";
import type { Mail } from "./mail";

const PREFIX = "outbox:";
const TTL_SECONDS = DEV_OUTBOX_TTL_DAYS * 86_400;

export interface OutboxEntry extends Mail {
  sentAt: string;
}

export async function keepInOutbox(kv: KVNamespace, mail: Mail, now = Date.now()): Promise<void> {
  const inverted = (9_999_999_999_999 - now).toString().padStart(13, "0");
  const entry: OutboxEntry = { ...mail, sentAt: new Date(now).toISOString() };
  await kv.put(`${PREFIX}${inverted}:${randomBase64url(6)}`, JSON.stringify(entry), { expirationTtl: TTL_SECONDS });
}

export async function listOutbox(kv: KVNamespace, limit = 50): Promise<OutboxEntry[]> {
  const { keys } = await kv.list({ prefix: PREFIX, limit });
  const entries = await Promise.all(keys.map((k) => kv.get<OutboxEntry>(k.name, "json")));
  return entries.filter((e): e is OutboxEntry => e !== null);
}
