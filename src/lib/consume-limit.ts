import { LIMITS, rateLimited, type LimitedAction } from "./limits";
import { orProblem, refusalOf, type Result } from "./result";

/**
 * Count one `action` by `who` (from callerKey/clientKey in middleware/rate-limit.ts), or refuse
 * when it is used up (the refusal carries rateLimited(action)'s words and Retry-After). Actions
 * call this, so no door can skip it.
 */
export async function tryConsumeLimit(env: Cloudflare.Env, action: LimitedAction, who: string): Promise<Result<object, "rate_limited">> {
  const { success } = await env[LIMITS[action].binding].limit({ key: `${action}:${who}` });
  return success ? { ok: true } : refusalOf("rate_limited", rateLimited(action));
}

/** tryConsumeLimit for callers that answer a used-up limit with the API's 429 problem. */
export async function consumeLimit(env: Cloudflare.Env, action: LimitedAction, who: string): Promise<void> {
  orProblem(await tryConsumeLimit(env, action, who), { rate_limited: "rate_limited" });
}
