// Automatic layout of the visible graph with ELK (layered, left to right, groups laid out with their
// children). The work runs in a web worker so typing and panning stay smooth; when a worker cannot
// start, the same code runs on the main thread.
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { VisibleGraph } from "@/lib/topology-graph";
import { workerClient } from "./worker-client";

export const ITEM_SIZE = { width: 210, height: 52 };
export const COLLAPSED_SIZE = { width: 250, height: 64 };
const GROUP_PADDING = "[top=44,left=14,bottom=14,right=14]";

export type Box = { x: number; y: number; width: number; height: number };
/** Positions relative to the parent group, as React Flow wants them for sub-flows. */
export type LayoutResult = Map<string, Box>;

/** A key that changes only when what is laid out changes (not on selection, search or badges). */
export function layoutKey(v: VisibleGraph): string {
  return [
    v.groups.map((g) => `${g.id}${g.expanded ? "+" : "-"}`).join(","),
    v.nodes.map((n) => n.id).join(","),
    v.edges.map((e) => e.id).join(","),
  ].join("|");
}

const ROOT_LAYOUT = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.layered.spacing.nodeNodeBetweenLayers": "70",
  "elk.spacing.nodeNode": "18",
  "elk.spacing.componentComponent": "40",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
};

export function toElkGraph(v: VisibleGraph): ElkNode {
  const elkById = new Map<string, ElkNode>();
  const root: ElkNode = { id: "root", layoutOptions: ROOT_LAYOUT, children: [], edges: [] };
  for (const g of v.groups) {
    const node: ElkNode = g.expanded
      ? { id: g.id, layoutOptions: { "elk.padding": GROUP_PADDING }, children: [] }
      : { id: g.id, ...COLLAPSED_SIZE };
    elkById.set(g.id, node);
    const parent = g.parent ? elkById.get(g.parent) : root;
    (parent ?? root).children!.push(node);
  }
  for (const n of v.nodes) {
    const parent = elkById.get(n.parent) ?? root;
    parent.children ??= [];
    parent.children.push({ id: n.id, ...ITEM_SIZE });
  }
  // An expanded group left empty (all of its content filtered away) still needs a size.
  for (const g of v.groups) {
    const node = elkById.get(g.id)!;
    if (g.expanded && node.children!.length === 0)
      Object.assign(node, COLLAPSED_SIZE, { children: undefined });
  }
  root.edges = v.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  return root;
}

export function positionsOf(root: ElkNode): LayoutResult {
  const out: LayoutResult = new Map();
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      out.set(c.id, {
        x: c.x ?? 0,
        y: c.y ?? 0,
        width: c.width ?? ITEM_SIZE.width,
        height: c.height ?? ITEM_SIZE.height,
      });
      walk(c);
    }
  };
  walk(root);
  return out;
}

const layoutWorker = workerClient<ElkNode, ElkNode>(
  () => new Worker(new URL("./elk-layout.worker.ts", import.meta.url), { type: "module" }),
);

let warmed = false;

/**
 * Starts the layout worker and lays out a tiny graph in it, so loading ELK and compiling its code
 * are done before the picture needs them.
 */
export function warmLayoutWorker(): void {
  if (warmed) return;
  warmed = true;
  const group = (id: string): ElkNode => ({
    id,
    layoutOptions: { "elk.padding": GROUP_PADDING },
    children: [
      { id: `${id}-a`, ...ITEM_SIZE },
      { id: `${id}-b`, ...ITEM_SIZE },
    ],
  });
  layoutWorker
    .call({
      id: "root",
      layoutOptions: ROOT_LAYOUT,
      children: [group("x"), group("y")],
      edges: [
        { id: "e1", sources: ["x-a"], targets: ["x-b"] },
        { id: "e2", sources: ["x-b"], targets: ["y-a"] },
      ],
    })
    .catch(() => undefined);
}

async function layoutInline(graph: ElkNode): Promise<ElkNode> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  return new ELK().layout(graph);
}

export async function runLayout(graph: ElkNode): Promise<ElkNode> {
  try {
    return await layoutWorker.call(graph);
  } catch {
    return layoutInline(graph);
  }
}
