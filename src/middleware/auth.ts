import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { resolveActor } from "../auth/actor";
import type { UserRow } from "../db/users";
import type { Actor, AppEnv } from "../env";
import { AppError } from "../lib/errors";

/** The caller, resolved once per request and cached on the context. */
export async function getActor(c: Context<AppEnv>): Promise<Actor> {
  let actor = c.get("actor");
  if (!actor) {
    actor = await resolveActor(c);
    c.set("actor", actor);
  }
  return actor;
}

export function unauthorized(detail = "Sign in, or send `Authorization: Bearer <API key>`."): AppError {
  return new AppError("unauthorized", detail, { headers: { "www-authenticate": 'Bearer realm="melinks"' } });
}

/** Routes for signed-in users (session cookie or API key). Claim tokens manage only their own page. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const actor = await getActor(c);
  if (actor.kind === "user") {
    c.set("user", actor.user);
    return next();
  }
  if (actor.kind === "claim") throw new AppError("forbidden", "A claim token can only manage its own page. Sign in or use an API key.");
  throw unauthorized(actor.kind === "invalid" ? actor.reason : undefined);
});

export const currentUser = (c: Context<AppEnv>): UserRow => c.get("user")!;
