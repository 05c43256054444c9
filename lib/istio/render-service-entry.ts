import type { GatewaySpec, K8sObject } from "@/lib/topology";
import { serviceHost } from "@/lib/topology";
import { k8sName, type RenderContext } from "./context";
import { gatewayMeta } from "./gateway-source";
import { localityTrafficPolicy } from "./render-destination-rule";

/** Hosts of a gateway that sidecars can address; wildcards cannot be resolved by DNS. */
export function meshHosts(gw: GatewaySpec): string[] {
  const hosts = new Set<string>();
  for (const l of gw.listeners) for (const h of l.hosts) if (!h.includes("*")) hosts.add(h);
  return [...hosts].sort();
}

/**
 * Ports of a gateway's mesh ServiceEntry: one per listener port, with the protocol of the first
 * listener on it (a port number may appear only once). Every host of the entry has every port.
 */
export function serviceEntryPorts(
  gw: GatewaySpec,
): Array<{ number: number; name: string; protocol: string }> {
  const ports = new Map<number, { number: number; name: string; protocol: string }>();
  for (const l of gw.listeners) {
    if (!ports.has(l.port)) ports.set(l.port, { number: l.port, name: l.name, protocol: l.protocol });
  }
  return [...ports.values()].sort((a, b) => a.number - b.number);
}

/**
 * Makes a product gateway reachable from inside the mesh under its public hosts, with one endpoint
 * per cluster it runs in (the local Service, remote ones through their published address) so
 * locality load balancing can keep traffic in the cluster where it originates.
 */
export function renderServiceEntry(ctx: RenderContext, gw: GatewaySpec): K8sObject | undefined {
  const hosts = meshHosts(gw);
  if (hosts.length === 0) return undefined;
  const endpoints: Record<string, unknown>[] = [];
  for (const p of [...gw.placement].sort((a, b) => (a.cluster < b.cluster ? -1 : 1))) {
    const cluster = ctx.index.clusters.get(p.cluster);
    if (!cluster) continue;
    const local = p.cluster === ctx.cluster.name;
    const address = local ? serviceHost(gw.name, gw.namespace) : p.address;
    if (!address) continue;
    // No `network`: remote addresses are the gateways' own load balancers, reached directly. An
    // endpoint on another network would be dropped unless an east-west gateway is configured.
    endpoints.push({
      address,
      locality: `${cluster.region}/${cluster.zone}`,
      labels: { "topology.istio.io/cluster": cluster.name },
    });
  }
  if (endpoints.length === 0) return undefined;
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "ServiceEntry",
    metadata: gatewayMeta(ctx, gw, k8sName(gw.name, "mesh")),
    spec: {
      hosts,
      location: "MESH_INTERNAL",
      resolution: "DNS",
      ports: serviceEntryPorts(gw),
      endpoints,
    },
  };
}

/** Failover DestinationRules for the hosts a product gateway publishes into the mesh. */
export function renderGatewayFailoverRules(ctx: RenderContext, gw: GatewaySpec): K8sObject[] {
  if (!gw.product) return [];
  const locality = localityTrafficPolicy(ctx, gw.product);
  if (!locality) return [];
  return meshHosts(gw).map((host) => ({
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: gatewayMeta(ctx, gw, k8sName(gw.name, host)),
    spec: { host, trafficPolicy: { ...locality } },
  }));
}
