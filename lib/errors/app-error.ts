// The one error type Portico throws on purpose. Every code maps to exactly one HTTP status here, so
// route handlers, server actions and the CLI agree on what a failure means.
import { z } from "zod";

export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One field-level problem, with the path written the way a person reads it (`hosts[0].name`). */
export type FieldIssue = { path: string; message: string };

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options?: { details?: unknown; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options?.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message } };
    if (this.details !== undefined) body.error.details = this.details;
    return body;
  }

  static badRequest(message: string, details?: unknown) {
    return new AppError("BAD_REQUEST", message, { details });
  }
  static unauthenticated(message = "Sign in to continue.") {
    return new AppError("UNAUTHENTICATED", message);
  }
  static forbidden(message = "Your role does not allow this action.") {
    return new AppError("FORBIDDEN", message);
  }
  static notFound(what: string) {
    return new AppError("NOT_FOUND", `${what} was not found.`);
  }
  static conflict(message: string, details?: unknown) {
    return new AppError("CONFLICT", message, { details });
  }
  static unprocessable(message: string, details?: unknown) {
    return new AppError("UNPROCESSABLE", message, { details });
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** `hosts[0].name` from zod's `["hosts", 0, "name"]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * A 400 that names every bad field, e.g. "Invalid request body: email: Invalid email address".
 * `where` says which input was wrong (request body, query string, form) so the person knows where
 * to look.
 */
export function fromZodError(err: z.ZodError, where = "request body"): AppError {
  const issues: FieldIssue[] = err.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
  const summary = issues
    .slice(0, 5)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join("; ");
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
  return new AppError("BAD_REQUEST", `Invalid ${where}: ${summary}${more}`, { details: { issues } });
}

/**
 * Any thrown value as an AppError. Unknown errors become INTERNAL with a generic message: their
 * text may hold SQL or stack details that must not reach the client (it is logged instead).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return fromZodError(err);
  return new AppError(
    "INTERNAL",
    "Something went wrong on the server. Try again; if it keeps failing, contact your Portico administrator with the request id.",
    { cause: err },
  );
}

/** The JSON response for an error, with the status its code maps to. */
export function errorResponse(err: unknown, headers?: HeadersInit): Response {
  const appError = toAppError(err);
  return Response.json(appError.toJSON(), { status: appError.status, headers });
}
