import { type Identity } from "./access";
import { type Cluster } from "./cluster";
import { type KObject, isPlainObject } from "./json";
import { type ResourceType, groupVersion } from "./resources";

/** SelfSubjectAccessReview and SelfSubjectRulesReview, answered from the caller's own rules. */
export function review(cluster: Cluster, id: Identity, rt: ResourceType, body: unknown): KObject {
  const spec = (isPlainObject(body) && isPlainObject(body.spec) ? body.spec : {}) as KObject;
  const base = { kind: rt.kind, apiVersion: groupVersion(rt), metadata: { creationTimestamp: null }, spec };
  if (rt.resource === "selfsubjectaccessreviews") {
    const ra = spec.resourceAttributes as KObject | undefined;
    if (!ra) {
      return { ...base, status: { allowed: false, reason: "non-resource attributes are not simulated" } };
    }
    const resource = String(ra.resource ?? "") + (ra.subresource ? `/${String(ra.subresource)}` : "");
    const allowed = cluster.access.allows(id, {
      verb: String(ra.verb ?? ""),
      group: String(ra.group ?? ""),
      resource,
      namespace: ra.namespace ? String(ra.namespace) : undefined,
      name: ra.name ? String(ra.name) : undefined,
    });
    return {
      ...base,
      status: allowed ? { allowed: true, reason: "allowed by simulated RBAC" } : { allowed: false },
    };
  }
  const namespace = String(spec.namespace ?? "default");
  return {
    ...base,
    status: {
      resourceRules: cluster.access.rulesIn(id, namespace),
      nonResourceRules: [
        { verbs: ["get"], nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/version", "/healthz"] },
      ],
      incomplete: false,
    },
  };
}
