// What an action returns when it can be refused for a reason its callers show differently (the API
// as problem+json, the dashboard as a form error or a page): `{ ok: true, … }` or a tagged refusal,
// mapped by the route — not an AppError every caller catches and sorts by code. Anything unexpected
// still throws. (The pattern of cloudflare/workers-oauth-provider's `Result`.)
import { AppError, type ErrorCode, type FieldError } from "./errors";

/** Why an action refused: `reason` for the route to switch on, `detail` in words for the person. */
export interface Refusal<R extends string> {
  ok: false;
  reason: R;
  detail: string;
  /** Headers the answer carries whatever its form (Retry-After, WWW-Authenticate). */
  headers?: Record<string, string>;
  /** The fields at fault, for a form to mark and the problem to list. */
  errors?: FieldError[];
  /** Problem extension members a client branches on (AppError's `extensions`). */
  extensions?: Record<string, string>;
}

export type Result<T extends object, R extends string> = ({ ok: true } & T) | Refusal<R>;

export function refuse<R extends string>(reason: R, detail: string, headers?: Record<string, string>): Refusal<R> {
  return { ok: false, reason, detail, ...(headers ? { headers } : {}) };
}

/** The refusal of an AppError made elsewhere (its message, headers, field errors, extensions), under `reason`. */
export function refusalOf<R extends string>(reason: R, err: AppError): Refusal<R> {
  const { headers, errors, extensions } = err;
  return { ok: false, reason, detail: err.message, ...(headers ? { headers } : {}), ...(errors ? { errors } : {}), ...(extensions ? { extensions } : {}) };
}

/** A refusal as the problem its reason stands for (`problems` names one for every reason). */
export function problemOf<R extends string>(refusal: Refusal<R>, problems: Record<R, ErrorCode>): AppError {
  const { headers, errors, extensions } = refusal;
  return new AppError(problems[refusal.reason], refusal.detail, { headers, errors, extensions });
}

/** The API's mapping: the success, or the refusal thrown as its problem (app.onError renders problem+json). */
export function orProblem<T extends { ok: true }, R extends string>(result: T | Refusal<R>, problems: Record<R, ErrorCode>): T {
  if (result.ok) return result;
  throw problemOf(result, problems);
}
