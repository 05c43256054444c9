import type { K8sObject } from "@/lib/topology";

/** The identity columns of an inventory row, from an object. */
export function inventoryIdentity(obj: Pick<K8sObject, "apiVersion" | "kind" | "metadata">) {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? "",
    name: obj.metadata.name,
  };
}

/** Same string as the engine's objectKey, from an inventory row. */
export function rowKey(row: { apiVersion: string; kind: string; namespace: string; name: string }): string {
  return `${row.apiVersion}/${row.kind}/${row.namespace}/${row.name}`;
}
