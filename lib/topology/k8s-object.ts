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

/**
 * Same order as `compareObjects`, made for 100,000s of objects: objects are grouped by kind first
 * (kinds are few), then each group is sorted on one precomputed key. The key joins namespace, name
 * and apiVersion with U+0000, which sorts below every character a Kubernetes name may hold, so
 * comparing keys compares the fields one after another.
 */
export function sortObjects(objects: readonly K8sObject[]): K8sObject[] {
  const byKind = new Map<string, K8sObject[]>();
  for (const o of objects) {
    const group = byKind.get(o.kind);
    if (group) group.push(o);
    else byKind.set(o.kind, [o]);
  }
  const kinds = [...byKind.keys()].sort(
    (a, b) =>
      (RANK.get(a) ?? APPLY_ORDER.length) - (RANK.get(b) ?? APPLY_ORDER.length) || compareStrings(a, b),
  );
  const out: K8sObject[] = [];
  for (const kind of kinds) {
    const group = byKind.get(kind)!;
    group.sort(
      (a, b) =>
        compareStrings(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
        compareStrings(a.metadata.name, b.metadata.name) ||
        compareStrings(a.apiVersion, b.apiVersion),
    );
    for (const o of group) out.push(o);
  }
  return out;
}
