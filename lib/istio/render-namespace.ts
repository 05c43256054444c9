import type { K8sObject } from "@/lib/topology";
import { meta, type RenderContext } from "./context";

/** Namespaces Portico never creates, labels or deletes: they belong to the cluster. */
export const SYSTEM_NAMESPACES = new Set([
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "default",
  "istio-system",
]);

export function renderNamespace(ctx: RenderContext, name: string, product?: string): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: meta(ctx, { name, product, source: `namespace/${name}` }),
  };
}
