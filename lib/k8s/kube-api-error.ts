// The one error type of cluster access. Every failure of a request to a Kubernetes API server (an
// error Status, a refused connection, a timeout, a refused redirect) becomes a KubeApiError with a
// `kind` callers branch on, so retry, the sync worker and the UI agree on what a failure means.
/** What went wrong, in the terms callers act on. */
export type KubeErrorKind =
  /**
   * 409. With FieldManagerConflict causes (`conflicts` non-empty) another field manager owns fields
   * we apply; without, an AlreadyExists or optimistic-lock conflict.
   */
  | "conflict"
  /** 400/422: the object or request is not valid. */
  | "invalid"
  | "forbidden"
  | "unauthorized"
  | "notFound"
  | "rateLimited"
  /** 5xx from the server. */
  | "unavailable"
  /** No answer: refused, reset, DNS failure, TLS failure, timeout. */
  | "network"
  /** The server answered with a redirect, which Portico never follows. */
  | "redirect"
  /** The request was aborted by the caller (shutdown). */
  | "aborted"
  /** The endpoint guard refused the address (metadata, link-local, loopback): see endpoint-guard.ts. */
  | "endpointRefused"
  /** Anything else (405, 410, 413, 415...). */
  | "other";

/** One `details.causes[]` entry of a Kubernetes Status. */
export type KubeStatusCause = { type?: string; reason?: string; message?: string; field?: string };

/** A field owned by another manager, from a server-side apply conflict. */
export type FieldConflict = { manager: string; field: string };

export type KubeApiErrorInit = {
  kind: KubeErrorKind;
  status?: number;
  reason?: string;
  message: string;
  causes?: KubeStatusCause[];
  retryAfterMs?: number;
  /** Short description of the request, e.g. `PATCH apps/v1 Deployment payments/gw` (no secrets). */
  request?: string;
  cause?: unknown;
};

export class KubeApiError extends Error {
  readonly kind: KubeErrorKind;
  /** HTTP status; 0 when the server did not answer. */
  readonly status: number;
  /** Status.reason (`NotFound`, `Conflict`, `Forbidden`...) or the network error code. */
  readonly reason: string;
  readonly causes: KubeStatusCause[];
  /** Server-requested wait before retrying (Retry-After header or details.retryAfterSeconds). */
  readonly retryAfterMs: number | undefined;
  readonly request: string | undefined;
  /** For `conflict`: which manager owns which field. */
  readonly conflicts: FieldConflict[];

  constructor(init: KubeApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "KubeApiError";
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.reason = init.reason ?? "";
    this.causes = init.causes ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.request = init.request;
    this.conflicts = init.kind === "conflict" ? parseFieldConflicts(this.causes) : [];
  }

  /** Whether retrying the same request may succeed (see lib/k8s/retry.ts). */
  get retryable(): boolean {
    return this.kind === "rateLimited" || this.kind === "unavailable" || this.kind === "network";
  }

  toJSON() {
    return {
      kind: this.kind,
      status: this.status,
      reason: this.reason,
      message: this.message,
      ...(this.causes.length ? { causes: this.causes } : {}),
      ...(this.conflicts.length ? { conflicts: this.conflicts } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

export function isKubeApiError(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError;
}

/** `conflict with "kubectl" using apps/v1` → kubectl. */
export function parseFieldConflicts(causes: readonly KubeStatusCause[]): FieldConflict[] {
  return causes
    .filter((c) => c.type === "FieldManagerConflict" || c.reason === "FieldManagerConflict")
    .map((c) => ({
      manager: /conflict with "([^"]*)"/.exec(c.message ?? "")?.[1] ?? "unknown",
      field: c.field ?? "",
    }));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The kind of an HTTP error status. */
export function classifyStatus(status: number): KubeErrorKind {
  if (status === 409) return "conflict";
  if (status === 400 || status === 422) return "invalid";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "notFound";
  if (status === 429) return "rateLimited";
  if (status >= 500) return "unavailable";
  if (status >= 300 && status < 400) return "redirect";
  return "other";
}

type StatusBody = {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { causes?: KubeStatusCause[]; retryAfterSeconds?: number };
};

function asStatus(body: unknown): StatusBody | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as StatusBody;
  return b.kind === "Status" || typeof b.message === "string" ? b : undefined;
}

/**
 * A KubeApiError from an HTTP answer that is not 2xx. The body is a metav1.Status when the API server
 * wrote it, but proxies and load balancers answer with HTML or plain text, so anything is accepted.
 */
export function errorFromResponse(
  status: number,
  headers: Record<string, string>,
  body: unknown,
  request?: string,
): KubeApiError {
  const s = asStatus(body);
  const causes = s?.details?.causes ?? [];
  const reason =
    (s?.reason && /^[A-Za-z]{1,64}$/.test(s.reason) ? s.reason : undefined) ?? httpReason(status);
  const headerWait = parseRetryAfter(headers["retry-after"]);
  const detailsWait =
    s?.details?.retryAfterSeconds !== undefined ? s.details.retryAfterSeconds * 1000 : undefined;
  // Note: an answer that is not a Kubernetes Status (a proxy's HTML page, Portico's own sign-in page
  // when a cluster is pointed at it) is never copied into messages: they are stored and shown.
  const serverMessage = s?.message ? serverText(s.message, 300) : "";
  const message =
    serverMessage ||
    `${status} ${httpReason(status)}${s ? "" : " (the answer is not a Kubernetes Status; its body is not shown)"}`;
  return new KubeApiError({
    kind: classifyStatus(status),
    status,
    reason,
    message: request ? `${request}: ${message}` : message,
    causes,
    retryAfterMs: headerWait ?? detailsWait,
    request,
  });
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

function codeOf(err: unknown): string | undefined {
  // undici wraps the socket error: fetch failed → cause (SocketError / Error with code).
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function messageChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const m = (e as { message?: unknown }).message;
    if (typeof m === "string" && m && !parts.includes(m)) parts.push(m);
  }
  return parts.join(": ");
}

/**
 * Any thrown value as a KubeApiError: a request that got no HTTP answer at all, or one whose
 * answer could not be read. (Answers that are not 2xx become KubeApiErrors in cluster-http.ts.)
 */
export function errorFromThrown(err: unknown, request?: string, timeoutMs?: number): KubeApiError {
  if (err instanceof KubeApiError) return err;
  const name = (err as { name?: string } | null)?.name;
  const prefix = request ? `${request}: ` : "";
  if (name === "TimeoutError") {
    return new KubeApiError({
      kind: "network",
      reason: "Timeout",
      message: `${prefix}no answer within ${timeoutMs ?? "the"} ms`,
      request,
      cause: err,
    });
  }
  if (name === "AbortError") {
    return new KubeApiError({
      kind: "aborted",
      reason: "Aborted",
      message: `${prefix}request aborted`,
      request,
      cause: err,
    });
  }
  const code = codeOf(err);
  const chain = messageChain(err);
  if (code === "EPORTICO_ENDPOINT_REFUSED") {
    return new KubeApiError({
      kind: "endpointRefused",
      reason: "EndpointRefused",
      message: `${prefix}${chain}`,
      request,
      cause: err,
    });
  }
  const tls = /certificate|self[- ]signed|TLS|SSL|ERR_TLS|UNABLE_TO_VERIFY/i.test(`${code ?? ""} ${chain}`);
  if ((code && NETWORK_CODES.has(code)) || tls || /fetch failed|socket|other side closed/i.test(chain)) {
    return new KubeApiError({
      kind: "network",
      reason: code ?? (tls ? "TLSError" : "NetworkError"),
      message: `${prefix}${chain || "network error"}`,
      request,
      cause: err,
    });
  }
  return new KubeApiError({
    kind: "other",
    reason: code ?? "Error",
    message: `${prefix}${chain || String(err)}`,
    request,
    cause: err,
  });
}

/**
 * Text an API server wrote, made safe to store and show: control characters become spaces, runs of
 * whitespace collapse, and it is cut to `max` characters.
 */
export function serverText(text: string, max: number): string {
  const clean = text
    .replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    410: "Gone",
    415: "UnsupportedMediaType",
    422: "Invalid",
    429: "TooManyRequests",
    500: "InternalError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
  };
  return reasons[status] ?? (status >= 300 && status < 400 ? "Redirect" : `HTTP${status}`);
}
