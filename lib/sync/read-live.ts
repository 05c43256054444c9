// What Portico owns in a cluster now: one labelled list per kind it renders or has in inventory.
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, objectKey, type K8sObject } from "@/lib/topology";
import { groupOf, type ClusterApi } from "./cluster-api";
import { FIELD_MANAGER } from "@/lib/k8s/cluster-client";

type ManagedFieldsEntry = { manager?: string; subresource?: string };

export type KindRef = { apiVersion: string; kind: string };

/** Which API groups of these kinds the cluster serves. */
export async function servedGroups(
  api: ClusterApi,
  kinds: readonly KindRef[],
): Promise<Map<string, boolean>> {
  const served = new Map<string, boolean>();
  for (const g of new Set(kinds.map((k) => groupOf(k.apiVersion)))) served.set(g, await api.hasGroup(g));
  return served;
}

/** Live objects carrying Portico's label, by object key; kinds of unserved groups are skipped. */
export async function readLive(
  api: ClusterApi,
  kinds: readonly KindRef[],
  served: Map<string, boolean>,
): Promise<Map<string, K8sObject>> {
  const unique = new Map(kinds.map((k) => [`${k.apiVersion}/${k.kind}`, k]));
  const live = new Map<string, K8sObject>();
  for (const { apiVersion, kind } of unique.values()) {
    if (!served.get(groupOf(apiVersion))) continue;
    const items = await api.list(apiVersion, kind, {
      labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`,
    });
    // Lists may omit apiVersion/kind on items; the key uses the ones asked for.
    // Note: managedFields are trimmed as soon as they arrive: they are often the larger part of an
    // object, and a full reconcile of a large cluster holds every object at once. What the
    // comparison needs is who else set fields in Portico's object (compare-object.ts): entries of
    // other managers stay, Portico's own and status writers' go; an empty list says "nobody else".
    for (const { metadata, ...item } of items) {
      const { managedFields, ...rest } = metadata;
      const others = Array.isArray(managedFields)
        ? managedFields.filter((e: ManagedFieldsEntry) => e.manager !== FIELD_MANAGER && !e.subresource)
        : undefined;
      const obj = {
        ...item,
        apiVersion,
        kind,
        metadata: others ? { ...rest, managedFields: others } : rest,
      } as K8sObject;
      live.set(objectKey(obj), obj);
    }
  }
  return live;
}
