import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";
import { consumeLimit } from "../lib/consume-limit";
import { getActor } from "./auth";

/**
 * Who a client-keyed limit counts: a hash of the client address that Cloudflare's rate limiter counts
 * and forgets — we never store it.
 */
export async function clientKey(c: Context<AppEnv>): Promise<string> {
  return `client:${await sha256Hex(c.req.header("cf-connecting-ip") ?? "local")}`;
}

/** Who a caller-keyed limit counts: a signed-in user by id (session and API keys share it), anyone else by client. */
export async function callerKey(c: Context<AppEnv>): Promise<string> {
  const actor = await getActor(c);
  return actor.kind === "user" ? `user:${actor.user.id}` : clientKey(c);
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every change counts against the caller's `write` limit (docs/limits.md#write), whichever door it
 * comes through: mounted on /api/v1 and on /dashboard (after its session check, so a signed-in
 * browser is counted by account, together with its API keys). Sign-in and email signups keep limits
 * of their own instead, and signing out is never refused (a shared computer must always let go).
 */
export const writeLimit = createMiddleware<AppEnv>(async (c, next) => {
  const path = c.req.path;
  // The editor's preview POST renders a draft and stores nothing: typing must not use up the write budget.
  if (SAFE.has(c.req.method) || path.endsWith("/auth/magic-link") || path.endsWith("/logout") || /\/subscribers$/.test(path) || /^\/dashboard\/pages\/[^/]+\/preview$/.test(path)) return next();
  await consumeLimit(c.env, "write", await callerKey(c));
  await next();
});
