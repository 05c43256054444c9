import {
  gatewayRefString,
  indexTopology,
  parseGatewayRef,
  routeNamespace,
  serviceKey,
  type Topology,
} from "@/lib/topology";
import { suggestGatewayNamespace } from "./suggest-gateway-namespace";

export type MigrationPhase = "shared" | "serve-both" | "cut-over";

/** Where a product stands on the journey, read from one topology. */
export interface MigrationStatus {
  product: string;
  displayName: string;
  teams: string[];
  namespaces: string[];
  hosts: string[];
  suggestedNamespace: string;
  /** The product's own gateway, if inserted. */
  gateway?: { ref: string; clusters: string[] };
  /** Shared gateways still serving one of its routes. */
  sharedGateways: string[];
  phase: MigrationPhase;
  /** Services of the product with declared successors (`ns/name` → successors). */
  splits: { service: string; successors: string[] }[];
  /** Services of the product, `ns/name`, with their clusters. */
  services: { key: string; name: string; namespace: string; clusters: string[] }[];
  /** Clusters the product runs in (gateway placements and services). */
  clusters: string[];
  failover: boolean;
  /** Journey steps done: 1 after cut-over, 2 after a split, 3 with more than one cluster. */
  done: { insert: boolean; split: boolean; copy: boolean };
}

export function describeMigration(topology: Topology, productName: string): MigrationStatus | undefined {
  const product = topology.products.find((p) => p.name === productName);
  if (!product) return undefined;
  const index = indexTopology(topology);
  const gw = topology.gateways.find((g) => g.mode === "product" && g.product === product.name);
  const shared = new Set<string>();
  for (const r of topology.routes.filter((x) => x.product === product.name)) {
    for (const ref of r.gateways) {
      const parsed = parseGatewayRef(ref, routeNamespace(r, index));
      if (parsed === "mesh") continue;
      if (index.gateways.get(gatewayRefString(parsed))?.mode === "shared")
        shared.add(gatewayRefString(parsed));
    }
  }
  const services = topology.services
    .filter((s) => s.product === product.name)
    .map((s) => ({
      key: serviceKey(s.namespace, s.name),
      name: s.name,
      namespace: s.namespace,
      clusters: [...s.clusters],
    }));
  const keys = new Set(services.map((s) => s.key));
  const splits = topology.successors
    .filter((s) => keys.has(serviceKey(s.service.namespace, s.service.name)))
    .map((s) => ({
      service: serviceKey(s.service.namespace, s.service.name),
      successors: s.successors.map((x) => serviceKey(x.namespace, x.name)),
    }));
  const clusters = [
    ...new Set([...(gw?.placement.map((p) => p.cluster) ?? []), ...services.flatMap((s) => s.clusters)]),
  ].sort();
  const phase: MigrationPhase = !gw ? "shared" : shared.size > 0 ? "serve-both" : "cut-over";
  return {
    product: product.name,
    displayName: product.displayName ?? product.name,
    teams: product.teams,
    namespaces: product.namespaces,
    hosts: product.hosts,
    suggestedNamespace: suggestGatewayNamespace(product),
    ...(gw ? { gateway: { ref: gatewayRefString(gw), clusters: gw.placement.map((p) => p.cluster) } } : {}),
    sharedGateways: [...shared].sort(),
    phase,
    splits,
    services,
    clusters,
    failover: topology.failover.some((f) => f.product === product.name),
    done: { insert: phase === "cut-over", split: splits.length > 0, copy: (gw?.placement.length ?? 0) > 1 },
  };
}
