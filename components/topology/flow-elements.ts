// The laid-out visible graph as React Flow nodes and edges: badges, matches, changes and live
// rates are styling only, so they never cause a new layout.
import type { Edge, Node } from "@xyflow/react";
import type { EdgeRate, FindingCounts, GraphChanges, TopologyGraph } from "@/lib/topology-graph";
import { edgeRateLabel, sumEdgeRates } from "@/lib/topology-graph/edge-rate";
import type { LaidOutGraph } from "./use-graph-layout";
import type { GroupFlowNode, ItemFlowNode } from "./topology-nodes";

export type GroupTotals = { errors: number; warnings: number; matches: number; changes: number };

const EDGE_COLOR = {
  added: "#059669",
  removed: "#dc2626",
  changed: "#d97706",
  unchanged: "#64748b",
} as const;

/** Per group: findings, matches and changes of every node inside, for the badges of folded groups. */
export function groupTotals(
  graph: TopologyGraph,
  findings: ReadonlyMap<string, FindingCounts>,
  changes: GraphChanges | undefined,
  matches: ReadonlySet<string>,
): Map<string, GroupTotals> {
  const totals = new Map<string, GroupTotals>();
  const parents = new Map(graph.groups.map((g) => [g.id, g.parent]));
  for (const n of graph.nodes) {
    const f = findings.get(n.id);
    const change = changes?.nodes.get(n.id);
    const isMatch = matches.has(n.id);
    if (!f && !isMatch && (!change || change === "unchanged")) continue;
    for (let g: string | undefined = n.parent; g; g = parents.get(g)) {
      const t = totals.get(g) ?? { errors: 0, warnings: 0, matches: 0, changes: 0 };
      t.errors += f?.error ?? 0;
      t.warnings += f?.warning ?? 0;
      t.matches += isMatch ? 1 : 0;
      t.changes += change && change !== "unchanged" ? 1 : 0;
      totals.set(g, t);
    }
  }
  return totals;
}

export function flowNodes(
  { graph, layout }: LaidOutGraph,
  s: {
    totals: ReadonlyMap<string, GroupTotals>;
    findings: ReadonlyMap<string, FindingCounts>;
    changes: GraphChanges | undefined;
    matches: ReadonlySet<string>;
    selected: string | undefined;
    onToggle: (id: string) => void;
  },
): Node[] {
  const out: Node[] = [];
  for (const g of graph.groups) {
    const box = layout.get(g.id);
    if (!box) continue;
    const t = s.totals.get(g.id);
    const node: GroupFlowNode = {
      id: g.id,
      type: "cluster-group",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      parentId: g.parent,
      data: {
        group: g,
        matches: t?.matches ?? 0,
        errors: t?.errors ?? 0,
        warnings: t?.warnings ?? 0,
        changes: t?.changes ?? 0,
        onToggle: s.onToggle,
      },
      focusable: false,
      draggable: false,
      selected: s.selected === g.id,
      style: { width: box.width, height: box.height },
    };
    out.push(node);
  }
  const searching = s.matches.size > 0;
  for (const n of graph.nodes) {
    const box = layout.get(n.id);
    if (!box) continue;
    const node: ItemFlowNode = {
      id: n.id,
      type: "item",
      position: { x: box.x, y: box.y },
      parentId: n.parent,
      extent: "parent",
      data: {
        node: n,
        findings: s.findings.get(n.id),
        change: s.changes?.nodes.get(n.id),
        match: s.matches.has(n.id),
        dimmed: searching && !s.matches.has(n.id),
      },
      draggable: false,
      selected: s.selected === n.id,
      ariaRole: "button",
      ariaLabel: `${n.kind === "gateway" ? `${n.gatewayMode} gateway` : n.kind} ${n.label}${n.cluster ? ` in ${n.cluster}` : ""}${n.namespace ? `/${n.namespace}` : ""}; press Enter for details`,
    };
    out.push(node);
  }
  return out;
}

/** Folded edges carry how many edges they stand for; with live rates, the sum of theirs. */
export function flowEdges(
  { graph }: LaidOutGraph,
  changes: GraphChanges | undefined,
  rates: ReadonlyMap<string, EdgeRate>,
): Edge[] {
  return graph.edges.map((e) => {
    const statuses = changes ? e.edgeIds.map((id) => changes.edges.get(id) ?? "unchanged") : [];
    const status =
      statuses.length === 0
        ? "unchanged"
        : statuses.every((x) => x === statuses[0])
          ? statuses[0]!
          : "changed";
    const count = e.edgeIds.length > 1 ? String(e.edgeIds.length) : undefined;
    const live = e.edgeIds.map((id) => rates.get(id)).filter((r): r is EdgeRate => !!r);
    const rate = live.length ? edgeRateLabel(sumEdgeRates(live, e.id)) : undefined;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      focusable: false,
      label: count && rate ? `${count} · ${rate}` : (rate ?? count),
      labelStyle: rate ? { fontSize: 10, fill: "#0f172a" } : undefined,
      style: {
        stroke: EDGE_COLOR[status],
        strokeWidth: status === "unchanged" ? 1.5 : 2.5,
        strokeDasharray: status === "removed" ? "6 4" : undefined,
      },
      data: { status },
    };
  });
}
