// One error vocabulary for the whole Worker: a code → status table and one AppError.
// app.onError turns these (and ZodErrors, and anything unexpected) into RFC 9457 problem+json.

export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLE: Record<ErrorCode, string> = {
  validation_failed: "Your request has invalid fields",
  bad_request: "Bad request",
  unauthorized: "Authentication required",
  forbidden: "Not allowed",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  gone: "Gone",
  precondition_failed: "Precondition failed",
  payload_too_large: "Request body too large",
  unsupported_media_type: "Unsupported media type",
  unprocessable: "Unprocessable content",
  rate_limited: "Too many requests",
  internal: "Internal error",
  unavailable: "Service unavailable",
};

/** One offending field: dotted path for people, JSON pointer for machines (RFC 9457 §3 example). */
export interface FieldError {
  field: string;
  pointer: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  /** RFC 9457 §3.2 extension members a client branches on, e.g. `reason: "recently_released"`. */
  readonly extensions?: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    opts: { errors?: FieldError[]; headers?: Record<string, string>; extensions?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "AppError";
    this.code = code;
    this.errors = opts.errors;
    this.headers = opts.headers;
    this.extensions = opts.extensions;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A validation failure on one field, for rules checked outside zod (e.g. against stored state). */
export function fieldError(path: (string | number)[], message: string): AppError {
  const err = toFieldError(path, message);
  return new AppError("validation_failed", `${err.field}: ${message}`, { errors: [err] });
}

export function toFieldError(path: PropertyKey[], message: string): FieldError {
  const parts = path.map((p) => String(p));
  return {
    field: parts.join(".") || "(body)",
    pointer: "#/" + parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/"),
    message,
  };
}
