import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { claimKey, readKey, releaseKey, storeAnswer, type StoredAnswer } from "../db/idempotency-keys";
import type { AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { canonicalBody, parseIdempotencyKey, REPLAYED_HEADERS, withoutSecrets } from "../lib/idempotency";
import { IDEMPOTENCY_LEASE_SECONDS, IDEMPOTENCY_TTL_HOURS } from "../lib/policy";
import { getActor } from "./auth";
import { clientKey } from "./rate-limit";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "Idempotent-Replayed";

/**
 * Whose keys these are: a signed-in account (session and API keys share it), the holder of a claim
 * token (by its hash), anyone else by client — so an anonymous create replays for the same client
 * only, and one caller's key never answers another's request.
 */
async function keyScope(c: Context<AppEnv>): Promise<string> {
  const actor = await getActor(c);
  if (actor.kind === "user") return `user:${actor.user.id}`;
  if (actor.kind === "claim") return `claim:${await sha256Hex(actor.token)}`;
  return clientKey(c);
}

function replay(answer: StoredAnswer): Response {
  const headers = new Headers(answer.headers);
  headers.set(REPLAYED_HEADER, "true");
  headers.set("cache-control", "no-store");
  return new Response(answer.body || null, { status: answer.status, headers });
}

/** Signing out is idempotent by nature and must always clear the cookie: it never replays. */
const EXEMPT = /\/auth\/logout$/;

/**
 * `Idempotency-Key` on every POST of the API (docs/storage.md#idempotency_keys-0013): the first request
 * with a key inserts its row *before* acting, so of two racing isolates one acts and the other hears
 * 409 (retry). A 2xx answer is kept for 24 h, with its secrets removed, and replayed for the same key
 * and request; the same key with another request is 422. An answer that is not 2xx changed nothing
 * (our writes are all-or-nothing), so it is not kept and the key may be sent again.
 * Mounted after writeLimit: replays count as requests, but never as new pages.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const raw = c.req.header(IDEMPOTENCY_HEADER);
  if (c.req.method !== "POST" || raw === undefined || EXEMPT.test(c.req.path)) return next();
  const parsed = parseIdempotencyKey(raw);
  if (!parsed.ok) {
    throw new AppError("bad_request", `Idempotency-Key ${parsed.reason}.`, {
      errors: [{ field: "Idempotency-Key", pointer: "#/headers/Idempotency-Key", message: parsed.reason }],
    });
  }
  const db = c.env.DB;
  const body = await c.req.text(); // Hono keeps it: the route's validator reads the same bytes
  const path = c.req.path.replace(/^\/dashboard(?=\/api\/)/, ""); // one API behind two doors
  const id = await sha256Hex(`${await keyScope(c)}\n${parsed.key}`);
  const requestHash = await sha256Hex(`POST ${path}\n${canonicalBody(body)}`);
  const now = Date.now();
  const actor = await getActor(c);
  const ownerId = actor.kind === "user" ? actor.user.id : null; // so deleting the account deletes its answers
  const won = await claimKey(db, { id, ownerId, requestHash }, now, now + IDEMPOTENCY_TTL_HOURS * 3_600_000, now - IDEMPOTENCY_LEASE_SECONDS * 1000);
  if (!won) {
    const record = await readKey(db, id, now);
    if (record && record.requestHash !== requestHash) {
      throw new AppError("unprocessable", "This Idempotency-Key was already used for a different request. Use a new key for a new request.");
    }
    if (record?.state === "done") return replay(record.answer);
    // In progress (or it ended just now between our two reads): the client retries shortly.
    throw new AppError("conflict", "A request with this Idempotency-Key is still being processed. Retry shortly.", { headers: { "retry-after": "1" } });
  }
  try {
    await next();
  } catch (err) {
    await releaseKey(db, id);
    throw err;
  }
  const res = c.res;
  if (res.status < 200 || res.status > 299) return releaseKey(db, id);
  const headers: Record<string, string> = {};
  for (const h of REPLAYED_HEADERS) {
    const v = res.headers.get(h);
    if (v !== null) headers[h] = v;
  }
  const text = res.body ? await res.clone().text() : "";
  await storeAnswer(db, id, { status: res.status, headers, body: withoutSecrets(text, res.headers.get("content-type")) });
});
