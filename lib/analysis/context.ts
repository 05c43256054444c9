import type { GatewaySpec, Route, Topology, TopologyIndex } from "@/lib/topology";
import { gatewayPodLabels } from "@/lib/istio/gateway-source";
import {
  gatewayRefString,
  gatewaySelector,
  gatewayWorkloadLabels,
  indexTopology,
  routeBinding,
  routeClusters,
  routeNamespace,
  selectorMatches,
  type RouteBinding,
} from "@/lib/topology";

/** A gateway workload (pods) running in a cluster. */
export interface GatewayWorkload {
  cluster: string;
  gateway: GatewaySpec;
  labels: Record<string, string>;
}

export interface RouteInfo {
  route: Route;
  namespace: string;
  binding: RouteBinding;
  clusters: readonly string[];
}

/**
 * Indices over the whole desired state, built once so every rule stays linear in the number of
 * routes: nothing compares all routes (or gateways) pairwise.
 */
export interface AnalysisContext {
  topology: Topology;
  index: TopologyIndex;
  routes: RouteInfo[];
  /** Gateways placed in each cluster. */
  gatewaysByCluster: Map<string, GatewaySpec[]>;
  /** Workloads selected by a gateway in a cluster (key `cluster|ns/name`). */
  selected: Map<string, GatewayWorkload[]>;
  /** Routes rendered on a gateway for a host in a cluster (key `cluster|ns/name|host`). */
  routesByGatewayHost: Map<string, RouteInfo[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildContext(topology: Topology): AnalysisContext {
  const index = indexTopology(topology);
  const gatewaysByCluster = new Map<string, GatewaySpec[]>();
  // Posting lists `cluster|k=v` -> workloads, so a selector is resolved from its rarest label.
  const postings = new Map<string, GatewayWorkload[]>();
  for (const gw of topology.gateways) {
    // Pods of a product gateway carry what Portico renders on them (`app` too); a shared gateway's
    // pods carry what the model says they do.
    const labels = gw.mode === "product" ? gatewayPodLabels(gw) : gatewayWorkloadLabels(gw);
    for (const p of gw.placement) {
      push(gatewaysByCluster, p.cluster, gw);
      const w: GatewayWorkload = { cluster: p.cluster, gateway: gw, labels };
      for (const [k, v] of Object.entries(labels)) push(postings, `${p.cluster}|${k}=${v}`, w);
    }
  }
  const selected = new Map<string, GatewayWorkload[]>();
  for (const gw of topology.gateways) {
    const sel = gatewaySelector(gw);
    const entries = Object.entries(sel);
    for (const p of gw.placement) {
      let best: GatewayWorkload[] | undefined;
      for (const [k, v] of entries) {
        const list = postings.get(`${p.cluster}|${k}=${v}`) ?? [];
        if (!best || list.length < best.length) best = list;
      }
      const hits = (best ?? []).filter((w) => selectorMatches(sel, w.labels));
      selected.set(`${p.cluster}|${gatewayRefString(gw)}`, hits);
    }
  }
  const routes: RouteInfo[] = topology.routes.map((route) => ({
    route,
    namespace: routeNamespace(route, index),
    binding: routeBinding(route, index),
    clusters: routeClusters(route, index),
  }));
  const routesByGatewayHost = new Map<string, RouteInfo[]>();
  for (const info of routes) {
    for (const gw of info.binding.gateways) {
      for (const p of gw.placement) {
        if (!info.clusters.includes(p.cluster)) continue;
        push(routesByGatewayHost, `${p.cluster}|${gatewayRefString(gw)}|${info.route.host}`, info);
      }
    }
  }
  return { topology, index, routes, gatewaysByCluster, selected, routesByGatewayHost };
}

export function gatewayObject(gw: GatewaySpec, cluster?: string) {
  const ref = { kind: "Gateway", namespace: gw.namespace, name: gw.name, product: gw.product };
  return cluster ? { cluster, ...ref } : ref;
}

export function routeObject(info: RouteInfo, cluster?: string) {
  const ref = {
    kind: "VirtualService",
    namespace: info.namespace,
    name: info.route.name,
    product: info.route.product,
  };
  return cluster ? { cluster, ...ref } : ref;
}
