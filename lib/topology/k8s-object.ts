/** A Kubernetes object as rendered or read from a cluster; only the envelope is typed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** Stable identity of an object: `apiVersion/kind/namespace/name` (namespace empty for cluster scope). */
export function objectKey(obj: Pick<K8sObject, "apiVersion" | "kind" | "metadata">): string {
  return `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
}

const APPLY_ORDER = [
  "Namespace",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ConfigMap",
  "Secret",
  "Deployment",
  "Service",
  "PodDisruptionBudget",
  "HorizontalPodAutoscaler",
  "Gateway",
  "ReferenceGrant",
  "HTTPRoute",
  "VirtualService",
  "DestinationRule",
  "ServiceEntry",
  "AuthorizationPolicy",
  "RequestAuthentication",
  // Last: DNS sends clients to a gateway only after everything that serves them is applied.
  "DNSEndpoint",
];

/**
 * Rank of a kind in apply order: dependencies (namespaces, identities, workloads) before the routing
 * that points at them. Unknown kinds go last; delete in reverse order.
 */
export function applyOrder(kind: string): number {
  const i = APPLY_ORDER.indexOf(kind);
  return i === -1 ? APPLY_ORDER.length : i;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: apply rank, then namespace, name, apiVersion. */
export function compareObjects(a: K8sObject, b: K8sObject): number {
  return (
    applyOrder(a.kind) - applyOrder(b.kind) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
    compareStrings(a.metadata.name, b.metadata.name) ||
    compareStrings(a.apiVersion, b.apiVersion)
  );
}

const RANK = new Map(APPLY_ORDER.map((kind, i) => [kind, i]));

/** Same order as `compareObjects`, with each object's rank looked up once instead of per comparison. */
export function sortObjects(objects: readonly K8sObject[]): K8sObject[] {
  const keyed = objects.map((o) => ({ o, rank: RANK.get(o.kind) ?? APPLY_ORDER.length }));
  keyed.sort(
    (a, b) =>
      a.rank - b.rank ||
      compareStrings(a.o.kind, b.o.kind) ||
      compareStrings(a.o.metadata.namespace ?? "", b.o.metadata.namespace ?? "") ||
      compareStrings(a.o.metadata.name, b.o.metadata.name) ||
      compareStrings(a.o.apiVersion, b.o.apiVersion),
  );
  return keyed.map((k) => k.o);
}
