// Which facts must hold in one cluster before traffic moves to a product gateway there: its TLS
// Secrets, its Deployment, its load-balancer address, its Gateway API status (when it is a Gateway
// API Gateway), and the backends its routes send to. Pure: the topology in, a list of checks out.
import {
  destinationNamespace,
  indexTopology,
  routeBinding,
  routeClusters,
  type GatewaySpec,
  type Route,
  type Topology,
  type TopologyIndex,
} from "@/lib/topology";

export type FactKind =
  "tls-secret" | "gateway-deployment" | "gateway-address" | "gateway-api-status" | "backend-endpoints";

/** One thing to look at in a cluster: an object and what must hold of it. */
export type FactCheck = {
  kind: FactKind;
  namespace: string;
  name: string;
  /** The product gateway (`namespace/name`) the check is for; absent for backends. */
  gateway?: string;
};

export function checkKey(c: Pick<FactCheck, "kind" | "namespace" | "name">): string {
  return `${c.kind}:${c.namespace}/${c.name}`;
}

/** Checks in a stable order, each once. */
export function uniqueChecks(checks: Iterable<FactCheck>): FactCheck[] {
  const byKey = new Map<string, FactCheck>();
  for (const c of checks) if (!byKey.has(checkKey(c))) byKey.set(checkKey(c), c);
  return [...byKey.values()];
}

/**
 * The Secret a listener's `credentialName` names (`name`, or `namespace/name`), or none when the
 * listener terminates no TLS with its own certificate (plain HTTP, PASSTHROUGH, ISTIO_MUTUAL).
 */
export function credentialSecret(
  gw: Pick<GatewaySpec, "namespace">,
  tls: { mode?: string; credentialName?: string } | undefined,
): { namespace: string; name: string } | undefined {
  if (!tls?.credentialName || tls.mode === "PASSTHROUGH" || tls.mode === "ISTIO_MUTUAL") return undefined;
  const slash = tls.credentialName.indexOf("/");
  return slash === -1
    ? { namespace: gw.namespace, name: tls.credentialName }
    : { namespace: tls.credentialName.slice(0, slash), name: tls.credentialName.slice(slash + 1) };
}

/** What makes a product gateway ready to take traffic: workload up, address published, certificates there. */
export function gatewayReadinessChecks(gw: GatewaySpec): FactCheck[] {
  const gateway = `${gw.namespace}/${gw.name}`;
  const checks: FactCheck[] = [
    { kind: "gateway-deployment", namespace: gw.namespace, name: gw.name, gateway },
    { kind: "gateway-address", namespace: gw.namespace, name: gw.name, gateway },
  ];
  for (const l of gw.listeners) {
    const secret = credentialSecret(gw, l.tls);
    if (secret) checks.push({ kind: "tls-secret", ...secret, gateway });
  }
  return uniqueChecks(checks);
}

function placedIn(gw: GatewaySpec, cluster: string): boolean {
  return gw.placement.some((p) => p.cluster === cluster);
}

function serviceRunsIn(index: TopologyIndex, namespace: string, name: string, cluster: string): boolean {
  // A destination the topology does not describe is taken to run wherever the route is rendered.
  const svc = index.services.get(`${namespace}/${name}`);
  return !svc || svc.clusters.includes(cluster);
}

/** Backend Services a route sends to in this cluster (each once); redirects send nowhere. */
export function routeBackendChecks(route: Route, index: TopologyIndex, cluster: string): FactCheck[] {
  const checks: FactCheck[] = [];
  for (const rule of route.http)
    for (const d of rule.redirect ? [] : rule.destinations) {
      const namespace = destinationNamespace(d, route, index);
      if (serviceRunsIn(index, namespace, d.service, cluster))
        checks.push({ kind: "backend-endpoints", namespace, name: d.service });
    }
  return uniqueChecks(checks);
}

/** Product gateways of the topology a route binds to that run in this cluster. */
export function localProductGateways(route: Route, index: TopologyIndex, cluster: string): GatewaySpec[] {
  return routeBinding(route, index).gateways.filter((g) => g.mode === "product" && placedIn(g, cluster));
}

/**
 * Every fact of one product in one cluster: each of its product gateways placed there (with the
 * Gateway API status, judged only where such a Gateway exists), and the backends of its routes
 * rendered there.
 */
export function productFactChecks(topology: Topology, product: string, cluster: string): FactCheck[] {
  const index = indexTopology(topology);
  const checks: FactCheck[] = [];
  for (const gw of topology.gateways) {
    if (gw.mode !== "product" || gw.product !== product || !placedIn(gw, cluster)) continue;
    checks.push(...gatewayReadinessChecks(gw));
    checks.push({
      kind: "gateway-api-status",
      namespace: gw.namespace,
      name: gw.name,
      gateway: `${gw.namespace}/${gw.name}`,
    });
  }
  for (const route of topology.routes) {
    if (route.product !== product || !routeClusters(route, index).includes(cluster)) continue;
    checks.push(...routeBackendChecks(route, index, cluster));
  }
  return uniqueChecks(checks);
}

/** Clusters of the topology where a product has a gateway or a route. */
export function productClusters(topology: Topology, product: string): string[] {
  const index = indexTopology(topology);
  const out = new Set<string>();
  for (const gw of topology.gateways)
    if (gw.mode === "product" && gw.product === product) for (const p of gw.placement) out.add(p.cluster);
  for (const route of topology.routes)
    if (route.product === product) for (const c of routeClusters(route, index)) out.add(c);
  return topology.clusters.map((c) => c.name).filter((c) => out.has(c));
}
