import type { ZodError } from "zod";
import { AppError } from "../../lib/errors";
import type { Refusal } from "../../lib/result";
import type { FieldErrors } from "../../views/dashboard/fields";

export const formString = (v: unknown): string => (typeof v === "string" ? v : "");

/** zod issues as `{ "links.0.url": "message" }`, the same dotted paths the API's problem+json uses. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of error.issues) {
    const key = i.path.map(String).join(".");
    out[key] ??= i.message;
  }
  return out;
}

/** A refusal's field errors for a form, or its words under `fallbackField` (like appFieldErrors). */
export function refusalFieldErrors(refusal: Refusal<string>, fallbackField: string): FieldErrors {
  if (refusal.errors?.length) return Object.fromEntries(refusal.errors.map((e) => [e.field, e.message]));
  return { [fallbackField]: refusal.detail };
}

/** An AppError's field errors, or its detail under `fallbackField`. */
export function appFieldErrors(err: AppError, fallbackField: string): FieldErrors {
  if (err.errors?.length) return Object.fromEntries(err.errors.map((e) => [e.field, e.message]));
  return { [fallbackField]: err.message };
}
