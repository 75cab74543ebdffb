import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import { AppError, ERROR_STATUS, ERROR_TITLE, toFieldError, type ErrorCode, type FieldError } from "./errors";

export const PROBLEM_TYPE = "application/problem+json";

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export function problemBody(code: ErrorCode, detail: string, errors?: FieldError[], extensions?: Record<string, string>): ProblemBody {
  return {
    ...extensions,
    // A relative URI reference (RFC 9457 §3.1.1 allows it): one per error code.
    type: `/problems/${code.replace(/_/g, "-")}`,
    title: ERROR_TITLE[code],
    status: ERROR_STATUS[code],
    detail,
    ...(errors && errors.length ? { errors } : {}),
  };
}

export function problemResponse(
  code: ErrorCode,
  detail: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
  extensions?: Record<string, string>,
): Response {
  return new Response(JSON.stringify(problemBody(code, detail, errors, extensions)), {
    status: ERROR_STATUS[code],
    headers: { "content-type": PROBLEM_TYPE, "cache-control": "no-store", ...headers },
  });
}

/**
 * One problem per field, in words a person reads (the API's problem+json and the MCP tools' refusals
 * alike): a missing field "is required" (not zod's "expected string, received undefined"), and each
 * unknown key is named as its own field.
 */
export function fieldIssuesOf(issue: ZodError["issues"][number], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ path: [...path, k], message: "is not a field here" }));
  const missing = issue.code === "invalid_type" && /received undefined$/.test(issue.message);
  return [{ path, message: missing ? "is required" : issue.message }];
}

export function fieldErrorsOf(issue: ZodError["issues"][number], prefix: PropertyKey[] = []): FieldError[] {
  return fieldIssuesOf(issue, prefix).map((i) => toFieldError(i.path, i.message));
}

export function zodProblem(error: ZodError, prefix: PropertyKey[] = []): Response {
  const errors = error.issues.flatMap((i) => fieldErrorsOf(i, prefix));
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return problemResponse("validation_failed", detail, errors);
}

const HTTP_CODES: Record<number, ErrorCode> = {
  400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict",
  412: "precondition_failed", 413: "payload_too_large", 415: "unsupported_media_type", 422: "unprocessable", 429: "rate_limited",
};

/** app.onError: every failure leaves as problem+json; the unexpected as a plain 500 with no stack. */
export function handleError(err: unknown, c: Context): Response {
  if (err instanceof AppError) return problemResponse(err.code, err.message, err.errors, err.headers, err.extensions);
  if (err instanceof ZodError) return zodProblem(err);
  if (err instanceof HTTPException) {
    const code = HTTP_CODES[err.status] ?? (err.status >= 500 ? "internal" : "bad_request");
    return problemResponse(code, err.message || ERROR_TITLE[code]);
  }
  console.error(`unhandled error on ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
  return problemResponse("internal", "Something went wrong on our side. Please try again.");
}
