import { renderCluster } from "@/lib/istio";
import type { K8sObject, Topology } from "@/lib/topology";

/** Every object Portico wants in one cluster; none when the topology does not name the cluster. */
export function desiredObjects(topology: Topology, cluster: string, revision?: number): K8sObject[] {
  if (!topology.clusters.some((c) => c.name === cluster)) return [];
  return renderCluster(topology, cluster, { revision }).objects;
}
