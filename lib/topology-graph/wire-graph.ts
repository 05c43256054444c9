// The topology graph as GET /api/revisions/{number}/graph sends it: strings once in a table, nodes,
// groups and edges as flat number arrays, ids left out (they follow from kind, label and group).
// At 500 products × 3 clusters that is about a tenth of the graph as plain JSON, and a fraction of
// the revision document the page used to download and build the graph from.
import type { Finding } from "@/lib/analysis/finding";
import type { ChangeStatus, GraphDiff } from "./diff-graphs";
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
import type {
  FindingCounts,
  GraphEdge,
  GraphEdgeKind,
  GraphGroup,
  GraphGroupKind,
  GraphNode,
  TopologyGraph,
} from "./graph-model";

const NODE_KINDS = ["host", "client", "shared-gateway", "product-gateway", "service"] as const;
const GROUP_KINDS: readonly GraphGroupKind[] = ["hosts", "cluster", "namespace"];
const EDGE_KINDS: readonly GraphEdgeKind[] = ["serves", "routes", "calls"];
const CHANGES: readonly ChangeStatus[] = ["unchanged", "added", "removed", "changed"];

/** Numbers per group, node and edge in the flat arrays. */
export const WIRE_STRIDE = { group: 4, node: 5, edge: 3 } as const;

// Note: the flat arrays hold each number as the difference to the same field of the record before
// (labels, groups and edge ends mostly go up one by one), which compresses about ten times better.
function toDeltas(values: number[], stride: number): number[] {
  return values.map((v, i) => (i >= stride ? v - values[i - stride]! : v));
}
function fromDeltas(deltas: readonly number[], stride: number): number[] {
  const out = [...deltas];
  for (let i = stride; i < out.length; i++) out[i]! += out[i - stride]!;
  return out;
}

export interface WireGraph {
  /** Every label, cluster, namespace, product and team, once. */
  strings: string[];
  /** Lists of strings (a node's products, its teams), as indices into `strings`. */
  sets: number[][];
  /** Per group: kind, label, cluster, namespace (string indices, -1 for none); deltas. */
  groups: number[];
  /** Per node: kind, label, group (index into the groups), products set, teams set; deltas. */
  nodes: number[];
  /** Per edge: source node, target node (indices into the nodes), kind; deltas. */
  edges: number[];
  /** With a comparison: the change of every node and edge (in their order) and the totals. */
  changes?: { nodes: number[]; edges: number[]; counts: Record<ChangeStatus, number> };
}

export type GraphChanges = Omit<GraphDiff, "graph">;

/** The graph and, when comparing, the diff whose union graph it is. */
export function encodeGraph(graph: TopologyGraph, diff?: GraphChanges): WireGraph {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const str = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = stringIndex.get(s);
    if (i === undefined) stringIndex.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const sets: number[][] = [];
  const setIndex = new Map<string, number>();
  const set = (values: readonly string[]): number => {
    const ids = values.map(str);
    const key = ids.join(",");
    let i = setIndex.get(key);
    if (i === undefined) setIndex.set(key, (i = sets.push(ids) - 1));
    return i;
  };
  const groupIndex = new Map<string, number>();
  const groups: number[] = [];
  for (const g of graph.groups) {
    groupIndex.set(g.id, groupIndex.size);
    groups.push(GROUP_KINDS.indexOf(g.kind), str(g.label), str(g.cluster), str(g.namespace));
  }
  const nodeIndex = new Map<string, number>();
  const nodes: number[] = [];
  for (const n of graph.nodes) {
    const group = groupIndex.get(n.parent);
    if (group === undefined) throw new Error(`node ${n.id} is in group ${n.parent}, which the graph lacks`);
    nodeIndex.set(n.id, nodeIndex.size);
    const kind = n.kind === "gateway" ? `${n.gatewayMode ?? "product"}-gateway` : n.kind;
    nodes.push(
      NODE_KINDS.indexOf(kind as (typeof NODE_KINDS)[number]),
      str(n.label),
      group,
      set(n.products),
      set(n.teams),
    );
  }
  const edges: number[] = [];
  for (const e of graph.edges)
    edges.push(nodeIndex.get(e.source)!, nodeIndex.get(e.target)!, EDGE_KINDS.indexOf(e.kind));
  const wire: WireGraph = {
    strings,
    sets,
    groups: toDeltas(groups, WIRE_STRIDE.group),
    nodes: toDeltas(nodes, WIRE_STRIDE.node),
    edges: toDeltas(edges, WIRE_STRIDE.edge),
  };
  if (diff)
    wire.changes = {
      nodes: graph.nodes.map((n) => CHANGES.indexOf(diff.nodes.get(n.id) ?? "unchanged")),
      edges: graph.edges.map((e) => CHANGES.indexOf(diff.edges.get(e.id) ?? "unchanged")),
      counts: diff.counts,
    };
  return wire;
}

/** The graph again, with ids; nodes carry no signatures (the server compared already). */
export function decodeGraph(wire: WireGraph): { graph: TopologyGraph; changes?: GraphChanges } {
  const flatGroups = fromDeltas(wire.groups, WIRE_STRIDE.group);
  const flatNodes = fromDeltas(wire.nodes, WIRE_STRIDE.node);
  const flatEdges = fromDeltas(wire.edges, WIRE_STRIDE.edge);
  const str = (i: number | undefined) => (i === undefined || i < 0 ? undefined : wire.strings[i]);
  const groups: GraphGroup[] = [];
  for (let i = 0; i < flatGroups.length; i += WIRE_STRIDE.group) {
    const kind = GROUP_KINDS[flatGroups[i]!]!;
    const label = str(flatGroups[i + 1])!;
    const cluster = str(flatGroups[i + 2]);
    const namespace = str(flatGroups[i + 3]);
    if (kind === "hosts") groups.push({ id: HOSTS_GROUP, kind, label });
    else if (kind === "cluster") groups.push({ id: clusterGroupId(cluster!), kind, label, cluster });
    else
      groups.push({
        id: namespaceGroupId(cluster!, namespace!),
        kind,
        label,
        parent: clusterGroupId(cluster!),
        cluster,
        namespace,
      });
  }
  const setValues = wire.sets.map((s) => s.map((i) => wire.strings[i]!));
  const nodes: GraphNode[] = [];
  for (let i = 0; i < flatNodes.length; i += WIRE_STRIDE.node) {
    const kind = NODE_KINDS[flatNodes[i]!]!;
    const label = str(flatNodes[i + 1])!;
    const group = groups[flatNodes[i + 2]!]!;
    const products = [...setValues[flatNodes[i + 3]!]!];
    const teams = [...setValues[flatNodes[i + 4]!]!];
    if (kind === "host") {
      nodes.push({ id: hostNodeId(label), kind, label, parent: group.id, products, teams, signature: "" });
      continue;
    }
    const cluster = group.cluster!;
    const namespace = group.namespace!;
    const base = { label, parent: group.id, cluster, namespace, products, teams, signature: "" };
    if (kind === "client") nodes.push({ id: clientNodeId(cluster, namespace, label), kind, ...base });
    else if (kind === "service") nodes.push({ id: serviceNodeId(cluster, namespace, label), kind, ...base });
    else
      nodes.push({
        id: gatewayNodeId(cluster, namespace, label),
        kind: "gateway",
        ...base,
        gatewayMode: kind === "shared-gateway" ? "shared" : "product",
      });
  }
  const edges: GraphEdge[] = [];
  for (let i = 0; i < flatEdges.length; i += WIRE_STRIDE.edge) {
    const source = nodes[flatEdges[i]!]!.id;
    const target = nodes[flatEdges[i + 1]!]!.id;
    edges.push({ id: edgeId(source, target), source, target, kind: EDGE_KINDS[flatEdges[i + 2]!]! });
  }
  const graph = { nodes, edges, groups };
  if (!wire.changes) return { graph };
  const { changes } = wire;
  return {
    graph,
    changes: {
      nodes: new Map(nodes.map((n, i) => [n.id, CHANGES[changes.nodes[i]!]!])),
      edges: new Map(edges.map((e, i) => [e.id, CHANGES[changes.edges[i]!]!])),
      counts: changes.counts,
    },
  };
}

/** Findings about a graph's nodes as the server sends them: the list once, per node indices into it. */
export interface WireFindings {
  findings: Finding[];
  nodes: Record<string, number[]>;
}

export function encodeFindings(
  findings: readonly Finding[],
  byNode: Map<string, FindingCounts>,
): WireFindings {
  const index = new Map(findings.map((f, i) => [f, i]));
  const nodes: Record<string, number[]> = {};
  for (const [id, counts] of byNode) nodes[id] = counts.findings.map((f) => index.get(f)!);
  return { findings: [...findings], nodes };
}

export function decodeFindings(wire: WireFindings): Map<string, FindingCounts> {
  const out = new Map<string, FindingCounts>();
  for (const [id, indices] of Object.entries(wire.nodes)) {
    const c: FindingCounts = { error: 0, warning: 0, info: 0, findings: [] };
    for (const i of indices) {
      const f = wire.findings[i]!;
      c[f.severity] += 1;
      c.findings.push(f);
    }
    out.set(id, c);
  }
  return out;
}
