// A cheap layout for large pictures. ELK's layered layout grows much faster than the graph: one
// unfolded cluster of 100 products (about 200 boxes, 300 edges) took 10 s in its worker on a busy
// 2-core machine, of 500 products minutes. Beyond GRID_LIMIT visible boxes the picture is laid out
// in rows instead, in linear time: each group holds its children in rows (hosts and clients before
// gateways before services, as the traffic flows), the public hosts come before the clusters, and
// the edges are drawn between the boxes as they are.
import type { GraphNodeKind, VisibleGraph } from "@/lib/topology-graph";
import { COLLAPSED_SIZE, ITEM_SIZE, type Box, type LayoutResult } from "./graph-layout";

/** Visible groups and nodes above which the picture is laid out in rows rather than by ELK. */
export const GRID_LIMIT = 100;

const GROUP_PADDING = { top: 44, left: 14, bottom: 14, right: 14 };
const ROOT_PADDING = { top: 0, left: 0, bottom: 0, right: 0 };
const GAP = 18;
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
  /** Places the children of `parent` relative to it; its size. */
  const pack = (parent: string, pad: typeof GROUP_PADDING): { width: number; height: number } => {
    const kids = [...(children.get(parent) ?? [])].sort((a, b) => a.order - b.order);
    const sized = kids.map((k) => ({
      id: k.id,
      // An expanded group left empty (its content filtered away) is drawn as a folded one.
      ...(!k.group
        ? ITEM_SIZE
        : k.group.expanded && children.has(k.id)
          ? pack(k.id, GROUP_PADDING)
          : COLLAPSED_SIZE),
    }));
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
  pack("", ROOT_PADDING);
  return out;
}
