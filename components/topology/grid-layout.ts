// A cheap layout for large pictures. ELK's layered layout grows much faster than the graph: one
// unfolded cluster of 100 products (about 200 boxes, 300 edges) took 10 s in its worker on a busy
// 2-core machine, of 500 products minutes. Beyond GRID_LIMIT visible boxes, and for the folded
// overview of a large estate (only folded groups: nothing for ELK to order, and no reason to wait
// for its worker to start), the picture is laid out in linear time instead: the public hosts in a
// column left of the clusters, and each unfolded group holding its children in rows (hosts and
// clients before gateways before services, as the traffic flows).
import type { GraphNodeKind, VisibleGraph } from "@/lib/topology-graph";
import { COLLAPSED_SIZE, ITEM_SIZE, type Box, type LayoutResult } from "./graph-layout";

/** Visible groups and nodes above which the picture is laid out in rows rather than by ELK. */
export const GRID_LIMIT = 100;

/** Whether `gridLayout` lays out this picture rather than ELK. */
export function wantsGridLayout(v: VisibleGraph): boolean {
  return (
    v.groups.length + v.nodes.length > GRID_LIMIT ||
    (v.nodes.length === 0 && v.groups.every((g) => !g.expanded))
  );
}

const GROUP_PADDING = { top: 44, left: 14, bottom: 14, right: 14 };
const GAP = 18;
/** Between the hosts' column and the clusters', where the edges run (ELK's spacing between layers). */
const LAYER_GAP = 70;
// Note: rows about twice as wide as the children are tall fill a wide screen.
const ASPECT = 2;
const KIND_ORDER: Record<GraphNodeKind, number> = { host: 0, client: 1, gateway: 2, service: 3 };

type Child = { id: string; order: number; group?: { expanded: boolean } };

export function gridLayout(v: VisibleGraph): LayoutResult {
  const children = new Map<string, Child[]>();
  const add = (parent: string, child: Child) => {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  };
  for (const g of v.groups)
    add(g.parent ?? "", { id: g.id, order: g.kind === "hosts" ? 0 : 1, group: { expanded: g.expanded } });
  for (const n of v.nodes) add(n.parent, { id: n.id, order: KIND_ORDER[n.kind] });

  const out: LayoutResult = new Map();
  const sizeOf = (k: Child): { width: number; height: number } =>
    // An expanded group left empty (its content filtered away) is drawn as a folded one.
    !k.group ? ITEM_SIZE : k.group.expanded && children.has(k.id) ? pack(k.id) : COLLAPSED_SIZE;
  /** Places the children of a group relative to it, in rows; its size. */
  const pack = (parent: string): { width: number; height: number } => {
    const pad = GROUP_PADDING;
    const kids = [...(children.get(parent) ?? [])].sort((a, b) => a.order - b.order);
    const sized = kids.map((k) => ({ id: k.id, ...sizeOf(k) }));
    const area = sized.reduce((a, s) => a + (s.width + GAP) * (s.height + GAP), 0);
    const rowWidth = Math.max(...sized.map((s) => s.width), Math.sqrt(area * ASPECT));
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    let width = 0;
    for (const s of sized) {
      if (x > 0 && x + s.width > rowWidth) {
        y += rowHeight + GAP;
        x = 0;
        rowHeight = 0;
      }
      const box: Box = { x: pad.left + x, y: pad.top + y, width: s.width, height: s.height };
      out.set(s.id, box);
      x += s.width + GAP;
      rowHeight = Math.max(rowHeight, s.height);
      width = Math.max(width, x - GAP);
    }
    return { width: pad.left + width + pad.right, height: pad.top + y + rowHeight + pad.bottom };
  };
  // The top level: the public hosts in one column, the clusters in the next, as ELK's layers would.
  let x = 0;
  for (const column of [0, 1]) {
    let y = 0;
    let width = 0;
    for (const k of children.get("") ?? []) {
      if (k.order !== column) continue;
      const size = sizeOf(k);
      out.set(k.id, { x, y, width: size.width, height: size.height });
      y += size.height + GAP * 2;
      width = Math.max(width, size.width);
    }
    if (width) x += width + LAYER_GAP;
  }
  return out;
}
