// Which rendered Kubernetes objects a graph node stands for, so its panel can show their YAML.
import { toYaml, type K8sObject, type Topology } from "@/lib/topology";
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

/** A node's objects in one cluster, as the details panel shows them. */
export interface NodeRender {
  cluster: string;
  count: number;
  yaml: string;
}

/**
 * The YAML of a node's objects per cluster it lives in (every cluster for a host). `render` gives
 * one cluster's objects, so callers can keep a render per revision and cluster.
 */
export function renderNodeObjects(
  topology: Topology,
  node: GraphNode,
  render: (cluster: string) => readonly K8sObject[],
): NodeRender[] {
  const clusters = node.cluster ? [node.cluster] : topology.clusters.map((c) => c.name);
  return clusters.flatMap((cluster) => {
    if (!topology.clusters.some((c) => c.name === cluster)) return [];
    const objects = objectsForNode(node, render(cluster));
    return objects.length ? [{ cluster, count: objects.length, yaml: toYaml(objects) }] : [];
  });
}
