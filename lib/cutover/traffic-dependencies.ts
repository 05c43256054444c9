// Which rendered objects move traffic, and what must hold before each is applied: a route bound to
// a product gateway, and the gateway's mesh-wide ServiceEntry (or DNS record) that sends clients
// to it, wait until that gateway is ready, its certificates exist and its backends answer. Pure.
import {
  indexTopology,
  routeNamespace,
  SOURCE_ANNOTATION,
  type K8sObject,
  type Topology,
  type TopologyIndex,
} from "@/lib/topology";
import {
  gatewayReadinessChecks,
  localProductGateways,
  routeBackendChecks,
  uniqueChecks,
  type FactCheck,
} from "./fact-checks";

/** Kinds that publish a gateway to clients (their source is the gateway). */
const PUBLISHING_KINDS = new Set(["ServiceEntry", "DNSEndpoint"]);
/** Kinds that bind a route to gateways (their source is the route). */
const ROUTING_KINDS = new Set(["VirtualService", "HTTPRoute"]);

function sourceOf(obj: K8sObject): { type: string; namespace: string; name: string } | undefined {
  const source = obj.metadata.annotations?.[SOURCE_ANNOTATION];
  const m = source ? /^(\w+)\/([^/]+)\/([^/]+)$/.exec(source) : null;
  return m ? { type: m[1]!, namespace: m[2]!, name: m[3]! } : undefined;
}

function routeDependencies(index: TopologyIndex, cluster: string, ns: string, name: string): FactCheck[] {
  const route = index.topology.routes.find((r) => r.name === name && routeNamespace(r, index) === ns);
  if (!route) return [];
  const gateways = localProductGateways(route, index, cluster);
  if (gateways.length === 0) return []; // shared gateway or mesh only: traffic does not move
  return [...gateways.flatMap(gatewayReadinessChecks), ...routeBackendChecks(route, index, cluster)];
}

function gatewayDependencies(index: TopologyIndex, cluster: string, ns: string, name: string): FactCheck[] {
  const gw = index.gateways.get(`${ns}/${name}`);
  // Note: a gateway that runs in another cluster is judged there (its own routes wait there); this
  // cluster cannot see its Deployment or Secrets.
  if (!gw || gw.mode !== "product" || !gw.placement.some((p) => p.cluster === cluster)) return [];
  const backends = index.topology.routes
    .filter((r) => localProductGateways(r, index, cluster).includes(gw))
    .flatMap((r) => routeBackendChecks(r, index, cluster));
  return [...gatewayReadinessChecks(gw), ...backends];
}

/**
 * What must hold in `cluster` before `obj` is applied there; empty for objects that move no
 * traffic (workloads, policies, routes bound only to the shared gateway or the mesh).
 */
export function trafficDependencies(topology: Topology, cluster: string, obj: K8sObject): FactCheck[] {
  const source = sourceOf(obj);
  if (!source) return [];
  const index = indexTopology(topology);
  if (ROUTING_KINDS.has(obj.kind) && source.type === "route")
    return uniqueChecks(routeDependencies(index, cluster, source.namespace, source.name));
  if (PUBLISHING_KINDS.has(obj.kind) && source.type === "gateway")
    return uniqueChecks(gatewayDependencies(index, cluster, source.namespace, source.name));
  return [];
}
