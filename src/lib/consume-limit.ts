import { LIMITS, rateLimited, type LimitedAction } from "./limits";

/**
 * Count one `action` by `who` (from callerKey/clientKey in middleware/rate-limit.ts); throws
 * rateLimited(action) when it is used up. Actions call this, so no door can skip it.
 */
export async function consumeLimit(env: Cloudflare.Env, action: LimitedAction, who: string): Promise<void> {
  const { success } = await env[LIMITS[action].binding].limit({ key: `${action}:${who}` });
  if (!success) throw rateLimited(action);
}
