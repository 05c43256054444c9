// The topology as a graph: hosts and internal clients → gateways → services, grouped by cluster and
// namespace. Pure (no React, no Prisma) so the page, the benchmark and the tests share it.
import type { Finding, Severity } from "@/lib/analysis/finding";
import {
  indexTopology,
  routeBinding,
  routeClusters,
  destinationNamespace,
  type GatewaySpec,
  type Topology,
} from "@/lib/topology";
import {
  clientNodeId,
  clusterGroupId,
  edgeId,
  gatewayNodeId,
  HOSTS_GROUP,
  hostNodeId,
  namespaceGroupId,
  serviceNodeId,
} from "./graph-ids";

export type GraphNodeKind = "host" | "client" | "gateway" | "service";
export type GraphGroupKind = "hosts" | "cluster" | "namespace";

export interface GraphNode {
  /** Stable across revisions, so two graphs can be compared by id. */
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** Group holding the node: `hosts`, or a namespace group `ns:<cluster>/<namespace>`. */
  parent: string;
  cluster?: string;
  namespace?: string;
  /** Product the node belongs to (hosts and gateways of shared gateways may serve several). */
  products: string[];
  teams: string[];
  /** `shared` or `product` for gateways. */
  gatewayMode?: "shared" | "product";
  /** Canonical JSON of the model element(s) behind the node; a different value means "changed". */
  signature: string;
}

export interface GraphGroup {
  id: string;
  kind: GraphGroupKind;
  label: string;
  /** Enclosing group (`cluster:<name>` for namespaces). */
  parent?: string;
  cluster?: string;
  namespace?: string;
}

export type GraphEdgeKind = "serves" | "routes" | "calls";

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: GraphEdgeKind;
}

export interface TopologyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

const SERVICE_HOST = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/;

export interface BuildOptions {
  /**
   * Compute node signatures (default true). Only a comparison needs them; leaving them out saves
   * about half the work on large estates.
   */
  signatures?: boolean;
}

/** Builds the graph of a topology. Linear in the size of the document. */
export function buildGraph(topology: Topology, opts: BuildOptions = {}): TopologyGraph {
  const stable = opts.signatures === false ? () => "" : stableJson;
  const index = indexTopology(topology);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const groups = new Map<string, GraphGroup>();
  // A copy per node: a gateway node gathers the teams of every route bound to it (below), which must
  // never reach the topology's own product.
  const teamsOf = (product: string) => [...(index.products.get(product)?.teams ?? [])];

  const addGroups = (cluster: string, namespace: string) => {
    const c = clusterGroupId(cluster);
    if (!groups.has(c)) {
      const zone = index.clusters.get(cluster)?.zone;
      groups.set(c, { id: c, kind: "cluster", label: zone ? `${cluster} (${zone})` : cluster, cluster });
    }
    const n = namespaceGroupId(cluster, namespace);
    if (!groups.has(n))
      groups.set(n, { id: n, kind: "namespace", label: namespace, parent: c, cluster, namespace });
    return n;
  };
  const addEdge = (source: string, target: string, kind: GraphEdgeKind) => {
    if (!nodes.has(source) || !nodes.has(target)) return;
    const id = edgeId(source, target);
    if (!edges.has(id)) edges.set(id, { id, source, target, kind });
  };
  // A gateway, service or client: a node in each cluster it is placed in, in its namespace's group.
  const addPlaced = (
    id: string,
    cluster: string,
    namespace: string,
    node: Pick<GraphNode, "kind" | "label" | "products" | "teams" | "gatewayMode" | "signature">,
  ) => {
    nodes.set(id, { id, parent: addGroups(cluster, namespace), cluster, namespace, ...node });
    return id;
  };
  const addHost = (host: string, products: string[], signature: unknown) => {
    const id = hostNodeId(host);
    const existing = nodes.get(id);
    if (existing) {
      for (const p of products) if (!existing.products.includes(p)) existing.products.push(p);
      return id;
    }
    nodes.set(id, {
      id,
      kind: "host",
      label: host,
      parent: HOSTS_GROUP,
      products: [...products],
      teams: [],
      signature: stable(signature),
    });
    return id;
  };

  // Hosts: every host a product owns or a gateway listens on; the signature covers the routes of
  // the host, so a changed route shows as a changed host.
  const routesByHost = new Map<string, unknown[]>();
  for (const r of topology.routes) {
    const list = routesByHost.get(r.host) ?? [];
    list.push(r);
    routesByHost.set(r.host, list);
  }
  for (const p of topology.products)
    for (const h of p.hosts ?? []) addHost(h, [p.name], routesByHost.get(h) ?? []);
  for (const r of topology.routes) addHost(r.host, [r.product], routesByHost.get(r.host) ?? []);
  for (const gw of topology.gateways)
    for (const l of gw.listeners)
      for (const h of l.hosts)
        if (!h.includes("*")) addHost(h, gw.product ? [gw.product] : [], routesByHost.get(h) ?? []);

  const gatewaysByHostCluster = new Map<string, GatewaySpec[]>();
  for (const gw of topology.gateways) {
    for (const p of gw.placement) {
      const id = addPlaced(gatewayNodeId(p.cluster, gw.namespace, gw.name), p.cluster, gw.namespace, {
        kind: "gateway",
        label: gw.name,
        products: gw.product ? [gw.product] : [],
        teams: gw.product ? teamsOf(gw.product) : [],
        gatewayMode: gw.mode,
        signature: stable({ ...gw, placement: p }),
      });
      for (const l of gw.listeners)
        for (const h of l.hosts) {
          const key = `${h}@${p.cluster}`;
          const list = gatewaysByHostCluster.get(key) ?? [];
          list.push(gw);
          gatewaysByHostCluster.set(key, list);
          addEdge(hostNodeId(h), id, "serves");
        }
    }
  }

  for (const s of topology.services) {
    for (const c of s.clusters) {
      addPlaced(serviceNodeId(c, s.namespace, s.name), c, s.namespace, {
        kind: "service",
        label: s.name,
        products: [s.product],
        teams: teamsOf(s.product),
        signature: stable({
          ...s,
          clusters: undefined,
          circuitBreaker: index.circuitBreakers.get(`${s.namespace}/${s.name}`),
        }),
      });
    }
  }

  // Gateways route to the destinations of every route bound to them, in the clusters the route is
  // rendered in; a shared gateway gets the products of the routes it carries.
  for (const r of topology.routes) {
    const binding = routeBinding(r, index);
    const clusters = routeClusters(r, index);
    for (const gw of binding.gateways) {
      for (const p of gw.placement) {
        if (!clusters.includes(p.cluster) && gw.mode === "product") continue;
        const gwId = gatewayNodeId(p.cluster, gw.namespace, gw.name);
        const gwNode = nodes.get(gwId);
        if (gwNode && !gwNode.products.includes(r.product)) {
          gwNode.products.push(r.product);
          for (const t of teamsOf(r.product)) if (!gwNode.teams.includes(t)) gwNode.teams.push(t);
        }
        for (const rule of r.http)
          for (const d of rule.destinations)
            addEdge(gwId, serviceNodeId(p.cluster, destinationNamespace(d, r, index), d.service), "routes");
      }
    }
  }

  for (const client of topology.clients) {
    for (const c of client.clusters) {
      const id = addPlaced(clientNodeId(c, client.namespace, client.name), c, client.namespace, {
        kind: "client",
        label: client.name,
        products: [],
        teams: [],
        signature: stable({ ...client, clusters: undefined }),
      });
      for (const h of client.calls) {
        const svc = SERVICE_HOST.exec(h);
        const local = gatewaysByHostCluster.get(`${h}@${c}`);
        if (svc) addEdge(id, serviceNodeId(c, svc[2]!, svc[1]!), "calls");
        else if (local?.length)
          for (const gw of local) addEdge(id, gatewayNodeId(c, gw.namespace, gw.name), "calls");
        else addEdge(id, hostNodeId(h), "calls");
      }
    }
  }

  // Clients call a product's services: they count for its filter.
  for (const e of edges.values()) {
    if (e.kind !== "calls") continue;
    const client = nodes.get(e.source)!;
    for (const p of nodes.get(e.target)!.products) if (!client.products.includes(p)) client.products.push(p);
  }

  if ([...nodes.values()].some((n) => n.parent === HOSTS_GROUP))
    groups.set(HOSTS_GROUP, { id: HOSTS_GROUP, kind: "hosts", label: "Public hosts" });
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    nodes: [...nodes.values()].sort(byId),
    edges: [...edges.values()].sort(byId),
    groups: [...groups.values()].sort(byId),
  };
}

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
  findings: Finding[];
}

/**
 * Which nodes each finding concerns. A finding names rendered objects: gateway objects (the
 * Deployment, Service, Gateway, ServiceEntry... named after the gateway) land on the gateway, a
 * DestinationRule or Service named after a backend service on that service, a VirtualService on the
 * hosts it serves; objects without a cluster apply in every cluster.
 */
export function findingsByNode(
  graph: TopologyGraph,
  topology: Topology,
  findings: readonly Finding[],
): Map<string, FindingCounts> {
  const out = new Map<string, FindingCounts>();
  const gatewaysByNs = new Map<string, GraphNode[]>();
  const servicesByKey = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    if (n.kind === "gateway") {
      const list = gatewaysByNs.get(n.namespace!) ?? [];
      list.push(n);
      gatewaysByNs.set(n.namespace!, list);
    } else if (n.kind === "service") {
      const key = `${n.namespace}/${n.label}`;
      const list = servicesByKey.get(key) ?? [];
      list.push(n);
      servicesByKey.set(key, list);
    }
  }
  const routeHosts = new Map<string, string>();
  const index = indexTopology(topology);
  for (const r of topology.routes) {
    const ns = r.namespace ?? index.products.get(r.product)?.namespaces[0] ?? r.product;
    routeHosts.set(`${ns}/${r.name}`, r.host);
  }
  const add = (id: string, f: Finding) => {
    let c = out.get(id);
    if (!c) out.set(id, (c = { error: 0, warning: 0, info: 0, findings: [] }));
    if (c.findings.includes(f)) return;
    c[f.severity as Severity] += 1;
    c.findings.push(f);
  };
  for (const f of findings) {
    for (const o of f.objects) {
      const inCluster = (n: GraphNode) => !o.cluster || n.cluster === o.cluster;
      let hit = false;
      if (o.kind !== "VirtualService" && o.namespace) {
        for (const gw of gatewaysByNs.get(o.namespace) ?? [])
          if ((o.name === gw.label || o.name.startsWith(`${gw.label}-`)) && inCluster(gw)) {
            add(gw.id, f);
            hit = true;
          }
      }
      if (!hit && (o.kind === "Service" || o.kind === "DestinationRule") && o.namespace) {
        for (const s of servicesByKey.get(`${o.namespace}/${o.name}`) ?? []) if (inCluster(s)) add(s.id, f);
      }
      if (o.kind === "VirtualService" && o.namespace) {
        const host = routeHosts.get(`${o.namespace}/${o.name}`);
        if (host) add(hostNodeId(host), f);
      }
    }
  }
  return out;
}

/** Worst severity present, for the badge colour. */
export function worstSeverity(c: FindingCounts | undefined): Severity | undefined {
  if (!c) return undefined;
  return c.error ? "error" : c.warning ? "warning" : c.info ? "info" : undefined;
}
