// Narrowing a graph to some products, teams or clusters, and finding nodes by text.
import { HOSTS_GROUP } from "./graph-ids";
import type { GraphNode, TopologyGraph } from "./graph-model";

export interface GraphFilter {
  /** Keep nodes of these products (empty or absent: all). */
  products?: readonly string[];
  teams?: readonly string[];
  clusters?: readonly string[];
}

function matches(n: GraphNode, f: GraphFilter): boolean {
  if (f.products?.length && !n.products.some((p) => f.products!.includes(p))) return false;
  if (f.teams?.length && !n.teams.some((t) => f.teams!.includes(t))) {
    // Hosts and clients carry no teams of their own; their products decide.
    if (n.kind === "gateway" || n.kind === "service") return false;
  }
  if (f.clusters?.length && n.cluster && !f.clusters.includes(n.cluster)) return false;
  return true;
}

/**
 * Keeps matching nodes, the edges between them and the groups still holding a node. With a team
 * filter, hosts and clients stay when they connect to a kept gateway or service.
 */
export function filterGraph(graph: TopologyGraph, filter: GraphFilter): TopologyGraph {
  const active = Boolean(filter.products?.length || filter.teams?.length || filter.clusters?.length);
  if (!active) return graph;
  const kept = new Set<string>();
  for (const n of graph.nodes)
    if ((n.kind === "gateway" || n.kind === "service") && matches(n, filter)) kept.add(n.id);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const e of graph.edges) {
    const src = byId.get(e.source)!;
    const dst = byId.get(e.target)!;
    if (
      kept.has(e.target) &&
      (src.kind === "host" || src.kind === "client") &&
      (!filter.products?.length || matches(src, { products: filter.products }))
    )
      kept.add(e.source);
    if (kept.has(e.source) && (dst.kind === "host" || dst.kind === "client")) kept.add(e.target);
  }
  // Hosts of the chosen products that no gateway serves yet still belong in the picture.
  for (const n of graph.nodes)
    if (n.kind === "host" && filter.products?.length && !filter.teams?.length && matches(n, filter))
      kept.add(n.id);
  const nodes = graph.nodes.filter((n) => kept.has(n.id));
  const edges = graph.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  const usedGroups = new Set<string>();
  for (const n of nodes) usedGroups.add(n.parent);
  for (const g of graph.groups) if (usedGroups.has(g.id) && g.parent) usedGroups.add(g.parent);
  return {
    nodes,
    edges,
    groups: graph.groups.filter(
      (g) => usedGroups.has(g.id) || (g.id === HOSTS_GROUP && usedGroups.has(HOSTS_GROUP)),
    ),
  };
}

/** Ids of nodes whose label, namespace, cluster or product contains every word of the query. */
export function searchGraph(graph: TopologyGraph, query: string): string[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const out: string[] = [];
  for (const n of graph.nodes) {
    const text = [n.label, n.namespace ?? "", n.cluster ?? "", n.kind, ...n.products].join(" ").toLowerCase();
    if (words.every((w) => text.includes(w))) out.push(n.id);
  }
  return out;
}

/** Products, teams and clusters present in a graph, for filter menus. */
export function graphFacets(graph: TopologyGraph): {
  products: string[];
  teams: string[];
  clusters: string[];
} {
  const products = new Set<string>();
  const teams = new Set<string>();
  const clusters = new Set<string>();
  for (const n of graph.nodes) {
    for (const p of n.products) products.add(p);
    for (const t of n.teams) teams.add(t);
    if (n.cluster) clusters.add(n.cluster);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { products: sorted(products), teams: sorted(teams), clusters: sorted(clusters) };
}
