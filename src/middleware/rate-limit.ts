import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { getActor } from "./auth";

/**
 * Who a limit counts: a signed-in user by id, anyone else by a hash of the client address that
 * Cloudflare's rate limiter counts and forgets — we never store it.
 */
export async function callerKey(c: Context<AppEnv>, scope: string): Promise<string> {
  const actor = await getActor(c);
  if (actor.kind === "user") return `${scope}:user:${actor.user.id}`;
  return `${scope}:client:${await sha256Hex(c.req.header("cf-connecting-ip") ?? "local")}`;
}

/** Count one request against a limit; 429 with Retry-After when it is used up. */
export async function enforceLimit(c: Context<AppEnv>, limiter: RateLimit, scope: string, what: string): Promise<void> {
  const { success } = await limiter.limit({ key: await callerKey(c, scope) });
  if (!success) throw new AppError("rate_limited", `Too many ${what}. Try again in a minute.`, { headers: { "retry-after": "60" } });
}

export function rateLimit(pick: (env: Cloudflare.Env) => RateLimit, scope: string, what: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await enforceLimit(c, pick(c.env), scope, what);
    await next();
  });
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const writeLimit = rateLimit((e) => e.API_WRITE_LIMITER, "api-write", "changes in a short time");

/** Every API write counts, except the routes that keep a tighter limit of their own. */
export const apiWriteLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE.has(c.req.method) || c.req.path.endsWith("/auth/magic-link") || /\/subscribers$/.test(c.req.path)) return next();
  return writeLimit(c, next);
});

/** Page creation counts only well-formed requests (called after validation): a client fixing its input isn't locked out. */
export const enforcePageCreateLimit = (c: Context<AppEnv>) => enforceLimit(c, c.env.PAGE_CREATE_LIMITER, "page-create", "new pages");
