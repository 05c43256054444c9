// HTTP to one API server, in one place: TLS trust and client certificates, the bearer token, the
// request timeout, the SSRF guard at connection time, and the refusal of redirects. Every request
// of ClusterClient goes through `request()`, which answers with the server's JSON as is.
//
// Note: Portico speaks to API servers over undici directly rather than through client-node's
// generated API classes. Those load a serializer for every Kubernetes model (about 90 MB of heap
// in the sync worker), convert answers into class instances and dates (what the worker stores and
// diffs must be what the cluster holds), and their fetch follows redirects with a new Agent per
// request, so an API server could bounce a request, Authorization header included, to an internal
// address. Here: one Agent per cluster, `redirect: "manual"`, and every 3xx refused.
import { Agent, fetch } from "undici";
import { guardedLookup } from "./endpoint-guard";
import { KubeApiError, errorFromResponse, errorFromThrown } from "./kube-api-error";
import { pemFrom, type ClusterConnection } from "./cluster-connection";

export type ClusterHttpOptions = {
  /** Time allowed for one request, connection to last byte of the body. */
  timeoutMs: number;
  /** Loopback endpoints allowed (PORTICO_ALLOW_INSECURE_CLUSTERS=1). */
  allowInsecure: boolean;
  /**
   * Requests in flight to this API server at once; more wait their turn. Keeps one large
   * reconcile from flooding a control plane (API Priority and Fairness would throttle it with 429s).
   */
  maxConcurrent: number;
};

export const USER_AGENT = "portico";

/** One request: a path below the server URL, query parameters, and a JSON (or apply-patch) body. */
export type HttpRequest = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
  body?: unknown;
};

/** `GET /apis/apps/v1/namespaces/x/deployments` (no query string: it may hold selectors, never secrets, but stays short). */
export function describeRequest(method: string, url: string): string {
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return method;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class ClusterHttp {
  private readonly dispatcher: Agent;
  private readonly server: string;
  private readonly authorization: string | undefined;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    connection: ClusterConnection,
    private readonly options: ClusterHttpOptions,
  ) {
    const { credentials } = connection;
    this.server = connection.server.replace(/\/+$/, "");
    this.authorization = credentials.token ? `Bearer ${credentials.token}` : undefined;
    this.dispatcher = new Agent({
      connect: {
        ...(connection.caData ? { ca: pemFrom(connection.caData) } : {}),
        ...(credentials.clientCertificateData && credentials.clientKeyData
          ? { cert: pemFrom(credentials.clientCertificateData), key: pemFrom(credentials.clientKeyData) }
          : {}),
        // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED in the environment cannot weaken it.
        rejectUnauthorized: !connection.insecureSkipTlsVerify,
        lookup: guardedLookup(options.allowInsecure),
        timeout: Math.min(options.timeoutMs, 10_000),
      },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** Sends one request (waiting for a free slot) and answers with the parsed JSON body. */
  async request<T>(request: HttpRequest, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await this.sendNow<T>(request, signal);
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.inFlight < this.options.maxConcurrent) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const turn = () => {
        signal?.removeEventListener("abort", onAbort);
        this.inFlight++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(turn);
        if (i !== -1) this.waiting.splice(i, 1);
        reject(errorFromThrown(Object.assign(new Error("aborted"), { name: "AbortError" })));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(turn);
    });
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  private async sendNow<T>(request: HttpRequest, signal?: AbortSignal): Promise<T> {
    const { method } = request;
    const url = new URL(this.server + request.path);
    for (const [name, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(name, String(value));
    const what = describeRequest(method, url.href);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const headers: Record<string, string> = { Accept: "application/json", "User-Agent": USER_AGENT };
    if (request.body !== undefined) headers["Content-Type"] = request.contentType ?? "application/json";
    if (this.authorization) headers.Authorization = this.authorization;
    try {
      const res = await fetch(url, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        redirect: "manual",
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        dispatcher: this.dispatcher,
      });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get("location");
        let where = "";
        try {
          where = location ? ` to ${new URL(location, url).origin}` : "";
        } catch {
          where = "";
        }
        throw new KubeApiError({
          kind: "redirect",
          status: res.status,
          reason: "Redirect",
          message: `${what}: the API server answered with a redirect${where}; Portico does not follow redirects from API servers. Register the cluster with its final API server URL.`,
          request: what,
        });
      }
      // Note: the body is read here, under the same timeout, so a server that stalls mid-body is a
      // timeout too, not a hang.
      const text = await res.text();
      if (res.status >= 400) {
        const responseHeaders: Record<string, string> = {};
        res.headers.forEach((value, name) => {
          responseHeaders[name] = value;
        });
        throw errorFromResponse(res.status, responseHeaders, parseJson(text), what);
      }
      return (text ? JSON.parse(text) : {}) as T;
    } catch (err) {
      if (err instanceof KubeApiError) throw err;
      // The caller's abort wins over our own timeout in the classification.
      if (signal?.aborted)
        throw errorFromThrown(Object.assign(new Error("aborted"), { name: "AbortError" }), what);
      throw errorFromThrown(
        timeout.aborted ? Object.assign(new Error("timeout"), { name: "TimeoutError" }) : err,
        what,
        this.options.timeoutMs,
      );
    }
  }

  /** Closes pooled connections (graceful shutdown, tests). */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
