// What an action returns when it can be refused for a reason its callers show differently (the API
// as problem+json, the dashboard as a form error or a page): `{ ok: true, … }` or a tagged refusal,
// mapped by the route — not an AppError every caller catches and sorts by code. Anything unexpected
// still throws. (The pattern of cloudflare/workers-oauth-provider's `Result`.)
import { AppError, type ErrorCode } from "./errors";

/** Why an action refused: `reason` for the route to switch on, `detail` in words for the person. */
export interface Refusal<R extends string> {
  ok: false;
  reason: R;
  detail: string;
  /** Headers the answer carries whatever its form (Retry-After, WWW-Authenticate). */
  headers?: Record<string, string>;
}

export type Result<T extends object, R extends string> = ({ ok: true } & T) | Refusal<R>;

export function refuse<R extends string>(reason: R, detail: string, headers?: Record<string, string>): Refusal<R> {
  return { ok: false, reason, detail, ...(headers ? { headers } : {}) };
}

/** The refusal of an AppError made elsewhere (its message and headers), under `reason`. */
export const refusalOf = <R extends string>(reason: R, err: AppError): Refusal<R> => refuse(reason, err.message, err.headers);

/**
 * The API's mapping: the success, or the refusal thrown as the problem its reason stands for
 * (`problems` names one for every reason; app.onError renders it as problem+json).
 */
export function orProblem<T extends { ok: true }, R extends string>(result: T | Refusal<R>, problems: Record<R, ErrorCode>): T {
  if (result.ok) return result;
  throw new AppError(problems[result.reason], result.detail, result.headers ? { headers: result.headers } : {});
}
