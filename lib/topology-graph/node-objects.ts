// Which rendered Kubernetes objects a graph node stands for, so its panel can show their YAML.
import type { K8sObject } from "@/lib/topology";
import type { GraphNode } from "./graph-model";

/** Objects of one cluster's render that belong to the node (in apply order). */
export function objectsForNode(node: GraphNode, rendered: readonly K8sObject[]): K8sObject[] {
  switch (node.kind) {
    case "gateway":
      // Every object of a product gateway is named after it (SA, Role `-sds`, ServiceEntry `-mesh`...).
      return rendered.filter(
        (o) =>
          o.metadata.namespace === node.namespace &&
          (o.metadata.name === node.label || o.metadata.name.startsWith(`${node.label}-`)),
      );
    case "service":
      return rendered.filter(
        (o) =>
          o.kind === "DestinationRule" &&
          o.metadata.namespace === node.namespace &&
          o.metadata.name === node.label,
      );
    case "host":
      return rendered.filter(
        (o) =>
          o.kind === "VirtualService" &&
          ((o.spec as { hosts?: string[] } | undefined)?.hosts ?? []).includes(node.label),
      );
    case "client":
      return [];
  }
}
