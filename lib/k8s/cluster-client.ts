// The client Portico uses for one cluster: discovery, list/get, server-side apply, delete, version
// and permission reviews. HTTP details live in cluster-http.ts, retries in retry.ts, error
// classification in kube-api-error.ts; this file only says what each operation requests.
//
//   const client = new ClusterClient(connection);
//   await client.apply(gateway, { force: true });
//   const gateways = await client.list("networking.istio.io/v1", "Gateway", { labelSelector: "app.kubernetes.io/managed-by=portico" });
//   await client.close();
import type { K8sObject } from "@/lib/topology/k8s-object";
import { logger } from "@/lib/log/logger";
import { ClusterHttp, type HttpRequest } from "./cluster-http";
import type { ClusterConnection } from "./cluster-connection";
import {
  buildDiscovery,
  groupVersionPath,
  parseGroupVersions,
  parseResourceList,
  splitApiVersion,
  type ApiDiscovery,
  type ApiResource,
} from "./discovery";
import {
  assertEndpointAllowed,
  EndpointRefusedError,
  insecureClustersAllowed,
  type EndpointGuardOptions,
} from "./endpoint-guard";
import { KubeApiError, errorFromThrown } from "./kube-api-error";
import pLimit from "p-limit";
import { DEFAULT_RETRY_POLICY, withRetry, type RetryOptions, type RetryPolicy } from "./retry";

import { FIELD_MANAGER } from "@/lib/topology/ownership";

export { FIELD_MANAGER };

/**
 * Asks the API server for metadata only (kube-apiserver answers PartialObjectMetadata[List]): how
 * Portico looks at Secrets without ever receiving their data. Note: RBAC cannot restrict a grant to
 * metadata; this header is Portico's own discipline, and the only way Secrets are read.
 */
export const PARTIAL_METADATA_ACCEPT =
  "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

/** An object as a metadata-only read returns it. */
export type ObjectMetadata = { name: string; namespace?: string; [field: string]: unknown };

export type ClusterClientOptions = {
  /** Time allowed for one request (default 15 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Aborts every request of this client (graceful shutdown). */
  signal?: AbortSignal;
  /** Loopback and plain http endpoints; defaults to PORTICO_ALLOW_INSECURE_CLUSTERS. */
  allowInsecure?: boolean;
  /** DNS for the endpoint check; injectable for tests. */
  lookup?: EndpointGuardOptions["lookup"];
  /** Items per page when listing (default 500). */
  pageSize?: number;
  /** Requests in flight at once to this cluster (default 16). */
  maxConcurrent?: number;
  /** Called before each retry wait, after the warning is logged (metrics, tests). */
  onRetry?: RetryOptions["onRetry"];
};

/** Per-call options. */
export type CallOptions = { signal?: AbortSignal };

export type ListOptions = CallOptions & {
  /** Only this namespace; all namespaces when omitted. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
};

export type ApplyOptions = CallOptions & {
  /** Defaults to "portico"; the owner of the applied fields. */
  fieldManager?: string;
  /** Take over fields another manager owns instead of failing with a conflict. */
  force?: boolean;
  /** Validate and compute the result without persisting (dryRun=All). */
  dryRun?: boolean;
};

export type KubernetesVersion = { major: string; minor: string; gitVersion: string; platform?: string };

export type ResourceRule = {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
};
export type NonResourceRule = { verbs: string[]; nonResourceURLs?: string[] };
export type RulesReview = {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** True when the server could not list every rule (e.g. webhook authorizers): absence proves nothing. */
  incomplete: boolean;
  evaluationError?: string;
};

export type AccessAttributes = {
  verb: string;
  /** "" for the core group. */
  group?: string;
  /** Plural, e.g. "deployments". */
  resource: string;
  subresource?: string;
  /** Omitted: all namespaces / cluster scope. */
  namespace?: string;
  name?: string;
};
export type AccessReview = { allowed: boolean; denied?: boolean; reason?: string; evaluationError?: string };

type ListPage = { items?: K8sObject[]; metadata?: { continue?: string } };

/**
 * `/apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>]`. Cluster-scoped kinds ignore the
 * namespace; one named object of a namespaced kind without one is in "default", as with kubectl.
 */
function resourcePath(r: ApiResource, namespace?: string, name?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const inNamespace = r.namespaced ? (namespace ?? (name ? "default" : undefined)) : undefined;
  const ns = inNamespace ? `/namespaces/${encodeURIComponent(inNamespace)}` : "";
  return `${base}${ns}/${r.plural}${name ? `/${encodeURIComponent(name)}` : ""}`;
}

export class ClusterClient {
  readonly name: string;
  readonly server: string;
  private readonly http: ClusterHttp;
  private readonly retry: RetryPolicy;
  private readonly allowInsecure: boolean;
  private endpointChecked: Promise<string> | undefined;
  private discovery: Promise<ApiDiscovery> | undefined;
  /** Resource lists by group-version; null when the server does not serve it (404). */
  private readonly groupVersions = new Map<string, Promise<ApiResource[] | null>>();

  constructor(
    connection: ClusterConnection,
    private readonly options: ClusterClientOptions = {},
  ) {
    this.name = connection.name;
    this.server = connection.server.replace(/\/+$/, "");
    this.allowInsecure = options.allowInsecure ?? insecureClustersAllowed();
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.http = new ClusterHttp(connection, {
      timeoutMs: options.timeoutMs ?? 15_000,
      allowInsecure: this.allowInsecure,
      maxConcurrent: options.maxConcurrent ?? 16,
    });
  }

  // ---- discovery -------------------------------------------------------------------------------

  /** Every kind the cluster serves; cached for the life of this client unless `refresh`. */
  discover(options: CallOptions & { refresh?: boolean } = {}): Promise<ApiDiscovery> {
    if (options.refresh || !this.discovery) {
      if (options.refresh) this.groupVersions.clear();
      const run = this.loadDiscovery(options);
      this.discovery = run;
      run.catch(() => {
        if (this.discovery === run) this.discovery = undefined;
      });
    }
    return this.discovery;
  }

  /** Drops cached discovery, so the next call looks again (kinds installed or removed since). */
  forgetDiscovery(): void {
    this.discovery = undefined;
    this.groupVersions.clear();
  }

  private async loadDiscovery(options: CallOptions): Promise<ApiDiscovery> {
    const [core, groups] = await Promise.all([
      this.call("GET /api", { method: "GET", path: "/api" }, options),
      this.call("GET /apis", { method: "GET", path: "/apis" }, options),
    ]);
    const unavailable: string[] = [];
    const limit = pLimit(8);
    const lists = await Promise.all(
      parseGroupVersions(core, groups).map((apiVersion) =>
        limit(async () => {
          try {
            return { apiVersion, resources: (await this.groupVersion(apiVersion, options)) ?? [] };
          } catch (err) {
            // Note: one broken aggregated API (often metrics.k8s.io answering 503) must not hide every
            // other group, as kubectl also carries on; the group is listed as unavailable instead.
            if (err instanceof KubeApiError && err.kind === "aborted") throw err;
            unavailable.push(apiVersion);
            return { apiVersion, resources: [] };
          }
        }),
      ),
    );
    return { ...buildDiscovery(lists.filter((l) => !unavailable.includes(l.apiVersion))), unavailable };
  }

  private groupVersion(apiVersion: string, options: CallOptions): Promise<ApiResource[] | null> {
    let found = this.groupVersions.get(apiVersion);
    if (!found) {
      const path = groupVersionPath(apiVersion);
      found = this.call(`GET ${path}`, { method: "GET", path }, options).then(
        (body) => parseResourceList(apiVersion, body),
        (err: unknown) => {
          if (err instanceof KubeApiError && err.kind === "notFound") return null;
          this.groupVersions.delete(apiVersion);
          throw err;
        },
      );
      this.groupVersions.set(apiVersion, found);
    }
    return found;
  }

  /** The resource serving `kind` in `apiVersion`, or undefined when the cluster does not serve it. */
  async resourceFor(
    apiVersion: string,
    kind: string,
    options: CallOptions = {},
  ): Promise<ApiResource | undefined> {
    let list = await this.groupVersion(apiVersion, options);
    let found = list?.find((r) => r.kind === kind);
    if (!found && list) {
      // A CRD installed since we last looked: look once more before answering "not served".
      this.groupVersions.delete(apiVersion);
      list = await this.groupVersion(apiVersion, options);
      found = list?.find((r) => r.kind === kind);
    }
    return found;
  }

  /** Whether an API group is installed, e.g. "networking.istio.io" or "gateway.networking.k8s.io". */
  async hasGroup(group: string, options: CallOptions = {}): Promise<boolean> {
    if (group === "") return true;
    try {
      await this.call(
        `GET /apis/${group}`,
        { method: "GET", path: `/apis/${encodeURIComponent(group)}` },
        options,
      );
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && err.kind === "notFound") return false;
      throw err;
    }
  }

  private async requireResource(
    apiVersion: string,
    kind: string,
    options: CallOptions,
  ): Promise<ApiResource> {
    const r = await this.resourceFor(apiVersion, kind, options);
    if (!r) {
      const { group } = splitApiVersion(apiVersion);
      const hint = group.endsWith("istio.io")
        ? " (is Istio installed?)"
        : group === "gateway.networking.k8s.io"
          ? " (are the Gateway API CRDs installed?)"
          : "";
      throw new KubeApiError({
        kind: "notFound",
        status: 404,
        reason: "KindNotServed",
        message: `Cluster ${this.name} does not serve ${apiVersion} ${kind}${hint}.`,
      });
    }
    return r;
  }

  // ---- objects ---------------------------------------------------------------------------------

  /** Every object of a kind (all namespaces unless `namespace`), following `continue` tokens. */
  async list<T extends K8sObject = K8sObject>(
    apiVersion: string,
    kind: string,
    options: ListOptions = {},
  ): Promise<T[]> {
    const r = await this.requireResource(apiVersion, kind, options);
    const where = options.namespace && r.namespaced ? `${options.namespace}/` : "";
    const items: T[] = [];
    let token: string | undefined;
    let restarts = 0;
    for (;;) {
      let page: ListPage;
      try {
        page = await this.call<ListPage>(
          `LIST ${apiVersion} ${kind} ${where}`,
          {
            method: "GET",
            path: resourcePath(r, r.namespaced ? options.namespace : undefined),
            query: {
              fieldSelector: options.fieldSelector,
              labelSelector: options.labelSelector,
              limit: this.options.pageSize ?? 500,
              continue: token,
            },
          },
          options,
        );
      } catch (err) {
        // 410 Gone: the continue token expired (the list took longer than etcd keeps it); start over once.
        if (token && err instanceof KubeApiError && err.status === 410 && restarts < 1) {
          restarts++;
          items.length = 0;
          token = undefined;
          continue;
        }
        throw err;
      }
      for (const item of page.items ?? []) {
        // List items carry no apiVersion/kind on a real API server; put them back so objects are self-describing.
        items.push({ ...item, apiVersion, kind } as T);
      }
      token = page.metadata?.continue || undefined;
      if (!token) return items;
    }
  }

  /** One object, or null when it does not exist (or its kind is not served). */
  async get<T extends K8sObject = K8sObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    options: CallOptions = {},
  ): Promise<T | null> {
    const r = await this.resourceFor(apiVersion, kind, options);
    if (!r) return null;
    try {
      return await this.call<T>(
        `GET ${apiVersion} ${kind} ${namespace ? `${namespace}/` : ""}${name}`,
        { method: "GET", path: resourcePath(r, namespace, name) },
        options,
      );
    } catch (err) {
      if (err instanceof KubeApiError && err.kind === "notFound") return null;
      throw err;
    }
  }

  /**
   * The metadata of one object (never its spec, status or data), or null when it does not exist or
   * its kind is not served. A server that ignores the Accept header and answers the whole object
   * still hands back metadata only: the rest is dropped here, before anyone sees it.
   */
  async getMetadata(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    options: CallOptions = {},
  ): Promise<ObjectMetadata | null> {
    const r = await this.resourceFor(apiVersion, kind, options);
    if (!r) return null;
    try {
      const answer = await this.call<{ metadata?: ObjectMetadata }>(
        `GET ${apiVersion} ${kind} ${namespace ? `${namespace}/` : ""}${name} (metadata)`,
        { method: "GET", path: resourcePath(r, namespace, name), accept: PARTIAL_METADATA_ACCEPT },
        options,
      );
      return answer.metadata ?? { name, ...(namespace ? { namespace } : {}) };
    } catch (err) {
      if (err instanceof KubeApiError && err.kind === "notFound") return null;
      throw err;
    }
  }

  /**
   * Server-side apply under `fieldManager` (default "portico"). Fails with a `conflict` KubeApiError
   * listing the other managers' fields unless `force`.
   */
  async apply<T extends K8sObject = K8sObject>(obj: K8sObject, options: ApplyOptions = {}): Promise<T> {
    const r = await this.requireResource(obj.apiVersion, obj.kind, options);
    const { namespace, name } = obj.metadata;
    const what = `APPLY ${obj.apiVersion} ${obj.kind} ${namespace ? `${namespace}/` : ""}${name}`;
    // The object goes exactly as rendered, never through typed models (JSON is valid YAML, which
    // apply-patch+yaml accepts): a field a model does not know would be dropped, and a dropped
    // field is a field Portico silently stops owning.
    return this.call<T>(
      what,
      {
        method: "PATCH",
        path: resourcePath(r, namespace, name),
        query: {
          fieldManager: options.fieldManager ?? FIELD_MANAGER,
          force: options.force ? "true" : undefined,
          dryRun: options.dryRun ? "All" : undefined,
        },
        contentType: "application/apply-patch+yaml",
        body: obj,
      },
      options,
    );
  }

  /**
   * Removes fields from one object with a JSON patch, only if it is still at `resourceVersion` (a
   * `conflict` KubeApiError otherwise). A revert uses it for fields someone else added: server-side
   * apply never removes a field another manager owns, even when forced.
   */
  async removeFields<T extends K8sObject = K8sObject>(
    obj: Pick<K8sObject, "apiVersion" | "kind" | "metadata">,
    pointers: readonly string[],
    resourceVersion: string,
    options: CallOptions & { fieldManager?: string } = {},
  ): Promise<T> {
    const r = await this.requireResource(obj.apiVersion, obj.kind, options);
    const { namespace, name } = obj.metadata;
    // Note: later list items first, so removing one does not shift the index of the next.
    const ordered = [...pointers].sort((a, b) => b.localeCompare(a, "en", { numeric: true }));
    return this.call<T>(
      `PATCH ${obj.apiVersion} ${obj.kind} ${namespace ? `${namespace}/` : ""}${name} (remove ${ordered.join(", ")})`,
      {
        method: "PATCH",
        path: resourcePath(r, namespace, name),
        query: { fieldManager: options.fieldManager ?? FIELD_MANAGER },
        contentType: "application/json-patch+json",
        body: [
          { op: "test", path: "/metadata/resourceVersion", value: resourceVersion },
          ...ordered.map((path) => ({ op: "remove", path })),
        ],
      },
      options,
    );
  }

  /** Deletes one object; "absent" when it was already gone (so deleting is idempotent). */
  async delete(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    options: CallOptions & { dryRun?: boolean } = {},
  ): Promise<"deleted" | "absent"> {
    const r = await this.resourceFor(apiVersion, kind, options);
    if (!r) return "absent";
    try {
      await this.call(
        `DELETE ${apiVersion} ${kind} ${namespace ? `${namespace}/` : ""}${name}`,
        {
          method: "DELETE",
          path: resourcePath(r, namespace, name),
          query: { dryRun: options.dryRun ? "All" : undefined, propagationPolicy: "Background" },
        },
        options,
      );
      return "deleted";
    } catch (err) {
      if (err instanceof KubeApiError && err.kind === "notFound") return "absent";
      throw err;
    }
  }

  // ---- cluster facts ---------------------------------------------------------------------------

  async version(options: CallOptions = {}): Promise<KubernetesVersion> {
    return this.call<KubernetesVersion>("GET /version", { method: "GET", path: "/version" }, options);
  }

  /** What the caller may do in a namespace, as the API server's authorizers list it. */
  async selfSubjectRulesReview(namespace: string, options: CallOptions = {}): Promise<RulesReview> {
    const body = {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectRulesReview",
      spec: { namespace },
    };
    const res = await this.call<{ status?: Partial<RulesReview> }>(
      "CREATE SelfSubjectRulesReview",
      { method: "POST", path: "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", body },
      options,
    );
    return {
      resourceRules: res.status?.resourceRules ?? [],
      nonResourceRules: res.status?.nonResourceRules ?? [],
      incomplete: Boolean(res.status?.incomplete),
      ...(res.status?.evaluationError ? { evaluationError: res.status.evaluationError } : {}),
    };
  }

  /** Whether the caller may perform one action. */
  async selfSubjectAccessReview(attrs: AccessAttributes, options: CallOptions = {}): Promise<AccessReview> {
    const body = {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: {
        resourceAttributes: {
          verb: attrs.verb,
          group: attrs.group ?? "",
          resource: attrs.resource,
          ...(attrs.subresource ? { subresource: attrs.subresource } : {}),
          ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
          ...(attrs.name ? { name: attrs.name } : {}),
        },
      },
    };
    const res = await this.call<{ status?: AccessReview }>(
      "CREATE SelfSubjectAccessReview",
      { method: "POST", path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body },
      options,
    );
    return {
      allowed: Boolean(res.status?.allowed),
      ...(res.status?.denied ? { denied: true } : {}),
      ...(res.status?.reason ? { reason: res.status.reason } : {}),
      ...(res.status?.evaluationError ? { evaluationError: res.status.evaluationError } : {}),
    };
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.http.close();
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private signalFor(options: CallOptions): AbortSignal | undefined {
    const signals = [this.options.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  }

  /** One logical request: endpoint check, then attempts with retry. */
  private async call<T>(what: string, request: HttpRequest, options: CallOptions): Promise<T> {
    const signal = this.signalFor(options);
    this.endpointChecked ??= assertEndpointAllowed(this.server, {
      allowInsecure: this.allowInsecure,
      lookup: this.options.lookup,
    });
    try {
      await this.endpointChecked;
    } catch (err) {
      this.endpointChecked = undefined;
      const unresolvable = err instanceof EndpointRefusedError && err.why === "unresolvable";
      throw new KubeApiError({
        kind: unresolvable ? "network" : "endpointRefused",
        reason: unresolvable ? "ENOTFOUND" : "EndpointRefused",
        message: (err as Error).message,
        request: what,
        cause: err,
      });
    }
    const retryOptions: RetryOptions = {
      policy: this.retry,
      signal,
      onRetry: (info) => {
        const { attempt, delayMs, error } = info;
        logger.warn(
          {
            cluster: this.name,
            request: error.request ?? what,
            attempt,
            delayMs,
            kind: error.kind,
            status: error.status,
          },
          "retrying cluster request",
        );
        this.options.onRetry?.(info);
      },
    };
    try {
      return await withRetry(() => this.http.request<T>(request, signal), retryOptions);
    } catch (err) {
      throw errorFromThrown(err, what);
    }
  }
}
