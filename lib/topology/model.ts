import type {
  CircuitBreaker,
  Cluster,
  Failover,
  Destination,
  GatewaySpec,
  Product,
  Route,
  ServiceSpec,
  Topology,
} from "./schema";

/** Istio's reserved gateway name for sidecars of the mesh. */
export const MESH = "mesh";

export interface GatewayRef {
  namespace: string;
  name: string;
}

/** `namespace/name`, as routes reference gateways. */
export function gatewayRefString(gw: GatewayRef): string {
  return `${gw.namespace}/${gw.name}`;
}

/** Istio semantics: a bare name means a gateway in the route's own namespace. */
export function parseGatewayRef(ref: string, routeNamespace: string): GatewayRef | typeof MESH {
  if (ref === MESH) return MESH;
  const slash = ref.indexOf("/");
  if (slash === -1) return { namespace: routeNamespace, name: ref };
  return { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

/** Labels the Istio Gateway selects; `{istio: <name>}` like Istio's gateway chart. */
export function gatewaySelector(gw: GatewaySpec): Record<string, string> {
  return gw.selector ?? { istio: gw.name };
}

/** Labels carried by the gateway pods. */
export function gatewayWorkloadLabels(gw: GatewaySpec): Record<string, string> {
  if (gw.workloadLabels) return gw.workloadLabels;
  const sel = gatewaySelector(gw);
  return Object.keys(sel).length > 0 ? sel : { istio: gw.name };
}

/** Name of the DNSEndpoint that publishes a product's hosts: `dns.name`, else `<product>-dns`. */
export function dnsEndpointName(product: Pick<Product, "name" | "dns">): string {
  return product.dns?.name ?? `${product.name}-dns`.slice(0, 63).replace(/-+$/, "");
}

export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Does `labels` satisfy every key of a non-empty `selector`? */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  return keys.every((k) => labels[k] === selector[k]);
}

/** Lookup tables built once per topology so renderers and rules stay linear. */
export interface TopologyIndex {
  topology: Topology;
  clusters: Map<string, Cluster>;
  products: Map<string, Product>;
  /** Gateways by `namespace/name`. */
  gateways: Map<string, GatewaySpec>;
  /** Services by `namespace/name`. */
  services: Map<string, ServiceSpec>;
  /** Successor service keys by predecessor service key. */
  successors: Map<string, string[]>;
  /** Clusters running at least one service of the product. */
  productServiceClusters: Map<string, Set<string>>;
  /** First circuit breaker per service key (later ones are reported as duplicates). */
  circuitBreakers: Map<string, CircuitBreaker>;
  /** First failover setting per product. */
  failover: Map<string, Failover>;
  /** `routeClusters` answers, computed once per route: renderers ask once per cluster. */
  routeClusters: WeakMap<Route, readonly string[]>;
}

const cache = new WeakMap<Topology, TopologyIndex>();

export function indexTopology(topology: Topology): TopologyIndex {
  const hit = cache.get(topology);
  if (hit) return hit;
  const index: TopologyIndex = {
    topology,
    clusters: new Map(topology.clusters.map((c) => [c.name, c])),
    products: new Map(topology.products.map((p) => [p.name, p])),
    gateways: new Map(topology.gateways.map((g) => [gatewayRefString(g), g])),
    services: new Map(topology.services.map((s) => [serviceKey(s.namespace, s.name), s])),
    successors: new Map(
      topology.successors.map((s) => [
        serviceKey(s.service.namespace, s.service.name),
        s.successors.map((x) => serviceKey(x.namespace, x.name)),
      ]),
    ),
    productServiceClusters: new Map(),
    circuitBreakers: new Map(),
    failover: new Map(),
    routeClusters: new WeakMap(),
  };
  for (const cb of topology.policies.circuitBreakers) {
    const key = serviceKey(cb.service.namespace, cb.service.name);
    if (!index.circuitBreakers.has(key)) index.circuitBreakers.set(key, cb);
  }
  for (const f of topology.failover) if (!index.failover.has(f.product)) index.failover.set(f.product, f);
  for (const s of topology.services) {
    let set = index.productServiceClusters.get(s.product);
    if (!set) index.productServiceClusters.set(s.product, (set = new Set()));
    for (const c of s.clusters) set.add(c);
  }
  cache.set(topology, index);
  return index;
}

/** Namespace of a route's VirtualService. */
export function routeNamespace(route: Route, index: TopologyIndex): string {
  return route.namespace ?? index.products.get(route.product)?.namespaces[0] ?? route.product;
}

export function destinationNamespace(dest: Destination, route: Route, index: TopologyIndex): string {
  return dest.namespace ?? routeNamespace(route, index);
}

export interface RouteBinding {
  /** Gateways the route binds to that exist in the topology. */
  gateways: GatewaySpec[];
  /** References that name no gateway of the topology. */
  missing: string[];
  /** Whether the route also applies to sidecars (`mesh`). */
  mesh: boolean;
}

export function routeBinding(route: Route, index: TopologyIndex): RouteBinding {
  const ns = routeNamespace(route, index);
  const gateways: GatewaySpec[] = [];
  const missing: string[] = [];
  let mesh = false;
  for (const ref of route.gateways) {
    const parsed = parseGatewayRef(ref, ns);
    if (parsed === MESH) {
      mesh = true;
      continue;
    }
    const gw = index.gateways.get(gatewayRefString(parsed));
    if (gw) gateways.push(gw);
    else missing.push(gatewayRefString(parsed));
  }
  return { gateways, missing, mesh };
}

/**
 * Clusters a route is rendered in: explicit `clusters`, else every cluster one of its gateways runs
 * in, plus (for `mesh`) every cluster running one of the product's services.
 */
export function routeClusters(route: Route, index: TopologyIndex): readonly string[] {
  const hit = index.routeClusters.get(route);
  if (hit) return hit;
  let clusters: string[];
  if (route.clusters) clusters = [...route.clusters].sort();
  else {
    const out = new Set<string>();
    const binding = routeBinding(route, index);
    for (const gw of binding.gateways) for (const p of gw.placement) out.add(p.cluster);
    if (binding.mesh) {
      for (const c of index.productServiceClusters.get(route.product) ?? []) out.add(c);
    }
    clusters = [...out].sort();
  }
  const answer = Object.freeze(clusters);
  index.routeClusters.set(route, answer);
  return answer;
}

export function gatewayClusters(gw: GatewaySpec): string[] {
  return gw.placement.map((p) => p.cluster);
}
