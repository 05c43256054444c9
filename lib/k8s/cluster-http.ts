// HTTP to one API server, in one place: TLS trust and client certificates, the bearer token, the
// request timeout, the SSRF guard at connection time, and the refusal of redirects. Every request
// of ClusterClient goes through `request()`, which answers with the server's JSON as is.
//
// Note: Portico speaks to API servers over undici directly rather than through client-node's
// generated API classes. Those load a serializer for every Kubernetes model (about 90 MB of heap
// in the sync worker), convert answers into class instances and dates (what the worker stores and
// diffs must be what the cluster holds), and their fetch follows redirects with a new Agent per
// request, so an API server could bounce a request, Authorization header included, to an internal
// address. Here: one Agent per cluster, and every 3xx refused (undici's request() never follows).
import { Agent, request as undiciRequest } from "undici";
import { readFile } from "node:fs/promises";
import net from "node:net";
import pLimit, { type LimitFunction } from "p-limit";
import { classifyAddress, guardedLookup } from "./endpoint-guard";
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
  /** Defaults to application/json; e.g. PartialObjectMetadata for metadata-only reads. */
  accept?: string;
};

/** `GET /apis/apps/v1/namespaces/x/deployments` (no query string: it may hold selectors, never secrets, but stays short). */
export function describeRequest(method: string, url: string): string {
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return method;
  }
}

/**
 * Whether a bearer token may travel to this server: only over TLS, except to a loopback address
 * (a simulated cluster) when insecure clusters are allowed. Anywhere else the token would cross
 * the network in clear text.
 */
export function mayCarryBearerToken(server: string, allowInsecure: boolean): boolean {
  const url = new URL(server);
  if (url.protocol === "https:") return true;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || (net.isIP(host) !== 0 && classifyAddress(host) === "loopback");
  return allowInsecure && loopback;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
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
  private readonly tokenFile: string | undefined;
  private readonly tokenAllowed: boolean;
  private readonly limit: LimitFunction;

  constructor(
    connection: ClusterConnection,
    private readonly options: ClusterHttpOptions,
  ) {
    const { credentials } = connection;
    this.server = connection.server.replace(/\/+$/, "");
    this.authorization = credentials.token ? `Bearer ${credentials.token}` : undefined;
    this.tokenFile = credentials.tokenFile;
    this.tokenAllowed = mayCarryBearerToken(this.server, options.allowInsecure);
    this.limit = pLimit(options.maxConcurrent);
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
    const aborted = () => errorFromThrown(Object.assign(new Error("aborted"), { name: "AbortError" }));
    if (signal?.aborted) throw aborted();
    // A request aborted while it waits for its slot gives the slot up at once when its turn comes.
    const queued = this.limit(() =>
      signal?.aborted ? Promise.reject(aborted()) : this.sendNow<T>(request, signal),
    );
    if (!signal) return queued;
    // Note: the caller hears of an abort at once, not when a slot frees.
    queued.catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(aborted());
      signal.addEventListener("abort", onAbort, { once: true });
      queued.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /**
   * The token file's current content. Note: read at every request, not once: the kubelet rewrites
   * a projected ServiceAccount token well before it expires (within the hour), and a read of a
   * small file costs microseconds next to the request it authorizes.
   */
  private async bearerFromFile(file: string, what: string): Promise<string> {
    let token = "";
    try {
      token = (await readFile(file, "utf8")).trim();
    } catch {
      // Reported below with the file's name.
    }
    if (!token) {
      throw new KubeApiError({
        kind: "unauthorized",
        reason: "TokenFileUnreadable",
        message: `${what}: the token file ${file} is missing or empty (is the ServiceAccount token still mounted?).`,
        request: what,
      });
    }
    return `Bearer ${token}`;
  }

  private async sendNow<T>(request: HttpRequest, signal?: AbortSignal): Promise<T> {
    const { method } = request;
    const url = new URL(this.server + request.path);
    for (const [name, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(name, String(value));
    const what = describeRequest(method, url.href);
    const headers: Record<string, string> = {
      accept: request.accept ?? "application/json",
      "user-agent": USER_AGENT,
    };
    if (request.body !== undefined) headers["content-type"] = request.contentType ?? "application/json";
    const authorization = this.tokenFile
      ? await this.bearerFromFile(this.tokenFile, what)
      : this.authorization;
    if (authorization && !this.tokenAllowed) {
      throw new KubeApiError({
        kind: "endpointRefused",
        reason: "PlainHttp",
        message: `${what}: Portico sends a bearer token only over https (plain http only to a loopback simulated cluster with PORTICO_ALLOW_INSECURE_CLUSTERS=1).`,
        request: what,
      });
    }
    if (authorization) headers.authorization = authorization;
    // One controller per request carries both the caller's abort and the overall timeout.
    // Note: undici's request() rather than fetch(): no WHATWG Request/Response/stream objects per
    // call, which a reconcile of thousands of objects pays for in CPU and garbage.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const onAbort = () => controller.abort();
    if (signal?.aborted) controller.abort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const res = await undiciRequest(url, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
        dispatcher: this.dispatcher,
      });
      if (res.statusCode >= 300 && res.statusCode < 400) {
        await res.body.dump().catch(() => undefined);
        const location = headerValue(res.headers.location);
        let where = "";
        try {
          where = location ? ` to ${new URL(location, url).origin}` : "";
        } catch {
          where = "";
        }
        throw new KubeApiError({
          kind: "redirect",
          status: res.statusCode,
          reason: "Redirect",
          message: `${what}: the API server answered with a redirect${where}; Portico does not follow redirects from API servers. Register the cluster with its final API server URL.`,
          request: what,
        });
      }
      // Note: the body is read here, under the same timeout, so a server that stalls mid-body is a
      // timeout too, not a hang.
      const text = await res.body.text();
      if (res.statusCode >= 400) {
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          const v = headerValue(value);
          if (v !== undefined) responseHeaders[name] = v;
        }
        throw errorFromResponse(res.statusCode, responseHeaders, parseJson(text), what);
      }
      if (!text) return {} as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        // Note: the body is not quoted, not even the parser's excerpt of it (see errorFromResponse).
        const type = /^[\w.+/-]{1,60}/.exec(headerValue(res.headers["content-type"]) ?? "")?.[0];
        throw new KubeApiError({
          kind: "other",
          status: res.statusCode,
          reason: "NotKubernetes",
          message: `${what}: the answer (${res.statusCode}${type ? `, ${type}` : ""}) is not JSON; is this the URL of a Kubernetes API server?`,
          request: what,
        });
      }
    } catch (err) {
      if (err instanceof KubeApiError) throw err;
      // The caller's abort wins over our own timeout in the classification.
      if (signal?.aborted)
        throw errorFromThrown(Object.assign(new Error("aborted"), { name: "AbortError" }), what);
      throw errorFromThrown(
        timedOut ? Object.assign(new Error("timeout"), { name: "TimeoutError" }) : err,
        what,
        this.options.timeoutMs,
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Closes pooled connections (graceful shutdown, tests). */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
