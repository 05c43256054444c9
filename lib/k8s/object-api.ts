// client-node's KubernetesObjectApi, adjusted for a control plane that compares objects:
// - answers are the server's JSON as is (no class instances, no Date conversion), so what the sync
//   worker stores and diffs is what the cluster holds;
// - kinds are resolved through ClusterClient's discovery cache instead of a second private cache;
// - server-side apply sends the object as given (see `applyObject`).
import {
  HttpMethod,
  KubernetesObjectApi,
  PatchStrategy,
  type Configuration,
  type KubernetesObject,
  type RequestContext,
  type ResponseContext,
  type V1APIResource,
} from "@kubernetes/client-node";
import type { ApiResource } from "./discovery";

export type ResolveResource = (apiVersion: string, kind: string) => Promise<ApiResource | undefined>;

export type ApplyParams = { fieldManager: string; force?: boolean; dryRun?: boolean };

export class PorticoObjectApi extends KubernetesObjectApi {
  constructor(
    configuration: Configuration,
    private readonly resolve: ResolveResource,
  ) {
    super(configuration);
  }

  protected override async resource(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    const r = await this.resolve(apiVersion, kind);
    return r
      ? ({
          name: r.plural,
          kind: r.kind,
          namespaced: r.namespaced,
          singularName: "",
          verbs: r.verbs,
        } as V1APIResource)
      : undefined;
  }

  protected override async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
  ): Promise<T> {
    // Errors never get here: ClusterHttp turns every non-2xx answer into a KubeApiError.
    const text = await response.body.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /**
   * Server-side apply (`application/apply-patch+yaml`).
   *
   * Note: KubernetesObjectApi.patch() first runs the object through client-node's typed serializer,
   * which silently drops fields its models do not know (for example a field newer than the client's
   * Kubernetes version). With server-side apply a dropped field is a field Portico stops owning, so
   * this sends the object exactly as rendered.
   */
  async applyObject<T extends KubernetesObject>(spec: T, params: ApplyParams): Promise<T> {
    const path = await this.specUriPath(structuredClone(spec), "patch");
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    ctx.setHeaderParam("Accept", "application/json");
    ctx.setHeaderParam("Content-Type", PatchStrategy.ServerSideApply);
    ctx.setQueryParam("fieldManager", params.fieldManager);
    if (params.force) ctx.setQueryParam("force", "true");
    if (params.dryRun) ctx.setQueryParam("dryRun", "All");
    // JSON is valid YAML, which is what apply-patch+yaml accepts.
    ctx.setBody(JSON.stringify(spec));
    return this.requestPromise<T>(ctx);
  }

  /** GET of a non-object path (discovery, /version). */
  async getJson<T>(path: string): Promise<T> {
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
    ctx.setHeaderParam("Accept", "application/json");
    return (await this.requestPromise(ctx as RequestContext)) as unknown as T;
  }

  /** POST of a create-only object (SelfSubjectAccessReview, SelfSubjectRulesReview). */
  async postJson<T>(path: string, body: unknown): Promise<T> {
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.POST);
    ctx.setHeaderParam("Accept", "application/json");
    ctx.setHeaderParam("Content-Type", "application/json");
    ctx.setBody(JSON.stringify(body));
    return (await this.requestPromise(ctx)) as unknown as T;
  }
}
