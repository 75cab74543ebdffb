import type { ZodError } from "zod";
import { AppError } from "../../lib/errors";
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

/** An AppError's field errors, or its detail under `fallbackField`. */
export function appFieldErrors(err: AppError, fallbackField: string): FieldErrors {
  if (err.errors?.length) return Object.fromEntries(err.errors.map((e) => [e.field, e.message]));
  return { [fallbackField]: err.message };
}
