// HTTP to one API server, in one place: TLS trust and client certificates, the bearer token, the
// request timeout, the SSRF guard at connection time, and the refusal of redirects. client-node's
// generated code and KubernetesObjectApi send every request through `httpLibrary()`.
//
// Note: client-node's own fetch follows redirects (undici's default) and builds a new undici Agent
// per request; an API server (or something impersonating one) could then bounce the request, with
// its Authorization header, to an internal address. So Portico uses its own library: one Agent per
// cluster, `redirect: "manual"`, and every 3xx refused.
import {
  ResponseContext,
  wrapHttpLibrary,
  type HttpLibrary,
  type RequestContext,
} from "@kubernetes/client-node";
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
  private readonly authorization: string | undefined;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    connection: ClusterConnection,
    private readonly options: ClusterHttpOptions,
  ) {
    const { credentials } = connection;
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

  /** A client-node HttpLibrary whose requests also stop when `signal` aborts. */
  httpLibrary(signal?: AbortSignal): HttpLibrary {
    return wrapHttpLibrary({ send: (request) => this.send(request, signal) });
  }

  async send(request: RequestContext, signal?: AbortSignal): Promise<ResponseContext> {
    await this.acquire(signal);
    try {
      return await this.sendNow(request, signal);
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

  private async sendNow(request: RequestContext, signal?: AbortSignal): Promise<ResponseContext> {
    const method = request.getHttpMethod().toString();
    const url = request.getUrl();
    const what = describeRequest(method, url);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const headers: Record<string, string> = { ...request.getHeaders(), "User-Agent": USER_AGENT };
    if (this.authorization) headers.Authorization = this.authorization;
    try {
      const res = await fetch(url, {
        method,
        headers,
        body: request.getBody() as string | undefined,
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
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        responseHeaders[name] = value;
      });
      if (res.status >= 400) throw errorFromResponse(res.status, responseHeaders, parseJson(text), what);
      return new ResponseContext(res.status, responseHeaders, {
        text: async () => text,
        binary: async () => Buffer.from(text),
        stream: () => null,
      });
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
