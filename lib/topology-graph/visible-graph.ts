// What is on screen: collapsed groups stand in for everything inside them, and edges into a
// collapsed group are folded onto it, so layout work follows what is expanded, not the estate size.
import { HOSTS_GROUP } from "./graph-ids";
import type { GraphEdge, GraphGroup, GraphNode, TopologyGraph } from "./graph-model";

export interface VisibleGroup extends GraphGroup {
  expanded: boolean;
  /** Nodes inside, at any depth. */
  nodeCount: number;
}

export interface VisibleEdge {
  id: string;
  source: string;
  target: string;
  /** Underlying edges folded into this one. */
  edgeIds: string[];
}

export interface VisibleGraph {
  /** Groups to draw, parents before children. Collapsed groups are leaves. */
  groups: VisibleGroup[];
  /** Nodes inside expanded groups only. */
  nodes: GraphNode[];
  edges: VisibleEdge[];
}

/** Expand everything when the graph is small, nothing when large (the default view). */
export function defaultExpanded(graph: TopologyGraph, limit = 80): Set<string> {
  return graph.nodes.length <= limit ? new Set(graph.groups.map((g) => g.id)) : new Set();
}

/** Groups to expand so that a node becomes visible (its namespace and cluster). */
export function groupsToReveal(graph: TopologyGraph, nodeId: string): string[] {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) return [];
  const groups = new Map(graph.groups.map((g) => [g.id, g]));
  const out: string[] = [];
  for (let g = groups.get(node.parent); g; g = g.parent ? groups.get(g.parent) : undefined) out.push(g.id);
  return out;
}

export function visibleGraph(graph: TopologyGraph, expanded: ReadonlySet<string>): VisibleGraph {
  const groupById = new Map(graph.groups.map((g) => [g.id, g]));
  const counts = new Map<string, number>();
  for (const n of graph.nodes) {
    for (let g = groupById.get(n.parent); g; g = g.parent ? groupById.get(g.parent) : undefined)
      counts.set(g.id, (counts.get(g.id) ?? 0) + 1);
  }
  // A group's ancestors from the outermost down, itself last.
  const chain = (id: string): string[] => {
    const out: string[] = [];
    for (let g = groupById.get(id); g; g = g.parent ? groupById.get(g.parent) : undefined) out.unshift(g.id);
    return out;
  };
  // The outermost collapsed group on the way down to (and including) `id`; undefined when all are open.
  const firstCollapsed = (id: string): string | undefined => chain(id).find((g) => !expanded.has(g));
  const resolveGroup = (id: string): string => {
    const ancestors = chain(id).slice(0, -1);
    return ancestors.find((g) => !expanded.has(g)) ?? id;
  };
  const groups: VisibleGroup[] = [];
  for (const g of graph.groups) {
    if (!counts.get(g.id)) continue;
    const stand = resolveGroup(g.id);
    if (stand !== g.id) continue;
    groups.push({ ...g, expanded: expanded.has(g.id), nodeCount: counts.get(g.id) ?? 0 });
  }
  // Parents first, so React Flow sees a parent before its children.
  groups.sort((a, b) => (a.parent ? 1 : 0) - (b.parent ? 1 : 0) || (a.id < b.id ? -1 : 1));
  const nodes: GraphNode[] = [];
  const nodeStand = new Map<string, string>();
  for (const n of graph.nodes) {
    const collapsed = firstCollapsed(n.parent);
    nodeStand.set(n.id, collapsed ?? n.id);
    if (!collapsed) nodes.push(n);
  }
  const folded = new Map<string, VisibleEdge>();
  for (const e of graph.edges as GraphEdge[]) {
    const s = nodeStand.get(e.source);
    const t = nodeStand.get(e.target);
    if (!s || !t || s === t) continue;
    const id = `${s}->${t}`;
    const hit = folded.get(id);
    if (hit) hit.edgeIds.push(e.id);
    else folded.set(id, { id, source: s, target: t, edgeIds: [e.id] });
  }
  return { groups, nodes, edges: [...folded.values()] };
}

export { HOSTS_GROUP };
