// Before/after comparison of two graphs by id: a node or edge present only in `after` is added,
// only in `before` removed, in both with another signature changed.
import type { GraphEdge, GraphGroup, GraphNode, TopologyGraph } from "./graph-model";

export type ChangeStatus = "added" | "removed" | "changed" | "unchanged";

export interface GraphDiff {
  /** Union of both graphs; removed elements come from `before`. */
  graph: TopologyGraph;
  nodes: Map<string, ChangeStatus>;
  edges: Map<string, ChangeStatus>;
  counts: Record<ChangeStatus, number>;
}

export function diffGraphs(before: TopologyGraph, after: TopologyGraph): GraphDiff {
  const nodes = new Map<string, ChangeStatus>();
  const edges = new Map<string, ChangeStatus>();
  const counts: Record<ChangeStatus, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const union: GraphNode[] = [];
  for (const n of after.nodes) {
    const old = beforeNodes.get(n.id);
    const status: ChangeStatus = !old ? "added" : old.signature !== n.signature ? "changed" : "unchanged";
    nodes.set(n.id, status);
    counts[status] += 1;
    union.push(n);
  }
  for (const n of before.nodes) {
    if (afterNodes.has(n.id)) continue;
    nodes.set(n.id, "removed");
    counts.removed += 1;
    union.push(n);
  }
  const beforeEdges = new Set(before.edges.map((e) => e.id));
  const afterEdges = new Set(after.edges.map((e) => e.id));
  const unionEdges: GraphEdge[] = [];
  for (const e of after.edges) {
    edges.set(e.id, beforeEdges.has(e.id) ? "unchanged" : "added");
    unionEdges.push(e);
  }
  for (const e of before.edges) {
    if (afterEdges.has(e.id)) continue;
    edges.set(e.id, "removed");
    unionEdges.push(e);
  }
  const groups = new Map<string, GraphGroup>(before.groups.map((g) => [g.id, g]));
  for (const g of after.groups) groups.set(g.id, g);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    graph: { nodes: union.sort(byId), edges: unionEdges.sort(byId), groups: [...groups.values()].sort(byId) },
    nodes,
    edges,
    counts,
  };
}
