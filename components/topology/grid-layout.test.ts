import { describe, expect, it } from "vitest";
import { syntheticTopology } from "@/lib/topology";
import { buildGraph, visibleGraph, type VisibleGraph } from "@/lib/topology-graph";
import { COLLAPSED_SIZE, ITEM_SIZE, type LayoutResult } from "./graph-layout";
import { gridLayout, wantsGridLayout } from "./grid-layout";

/** Every visible box placed, inside its parent, and no two siblings overlapping. */
function expectTidy(v: VisibleGraph, layout: LayoutResult) {
  const parentOf = new Map<string, string>([
    ...v.groups.map((g) => [g.id, g.parent ?? ""] as const),
    ...v.nodes.map((n) => [n.id, n.parent] as const),
  ]);
  expect(layout.size).toBe(parentOf.size);
  const siblings = new Map<string, string[]>();
  for (const [id, parent] of parentOf) {
    const box = layout.get(id)!;
    siblings.set(parent, [...(siblings.get(parent) ?? []), id]);
    if (!parent) continue;
    const outer = layout.get(parent)!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${id} inside ${parent}`).toBeLessThanOrEqual(outer.width);
    expect(box.y + box.height, `${id} inside ${parent}`).toBeLessThanOrEqual(outer.height);
  }
  for (const ids of siblings.values()) {
    const boxes = ids.map((id) => layout.get(id)!).sort((a, b) => a.y - b.y || a.x - b.x);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length && boxes[j]!.y < boxes[i]!.y + boxes[i]!.height; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x;
        expect(apart, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(true);
      }
  }
}

describe("gridLayout", () => {
  const graph = buildGraph(syntheticTopology(2000, 3), { signatures: false });

  it("lays out an unfolded cluster and all hosts of 2,000 products at once, tidily", () => {
    const v = visibleGraph(graph, new Set(["cluster:c0", "hosts"]));
    expect(v.groups.length + v.nodes.length).toBeGreaterThan(4000);
    const started = performance.now();
    const layout = gridLayout(v);
    // ELK takes minutes on this; rows take milliseconds (generous for a busy machine).
    expect(performance.now() - started).toBeLessThan(1000);
    expectTidy(v, layout);
    expect(layout.get("ns:c0/p7")).toMatchObject(COLLAPSED_SIZE);
    expect(layout.get("host:p7.example.io")).toMatchObject(ITEM_SIZE);
    // Hosts come first (left of the clusters), as the traffic flows.
    expect(layout.get("hosts")).toMatchObject({ x: 0, y: 0 });
    // Rows wider than tall, so the picture fills a wide screen.
    const hosts = layout.get("hosts")!;
    expect(hosts.width).toBeGreaterThan(hosts.height);
  });

  it("lays out the folded overview at once: the hosts left of the clusters, one under the other", () => {
    const v = visibleGraph(graph, new Set());
    expect(wantsGridLayout(v)).toBe(true);
    const layout = gridLayout(v);
    expectTidy(v, layout);
    const hosts = layout.get("hosts")!;
    const clusters = ["c0", "c1", "c2"].map((c) => layout.get(`cluster:${c}`)!);
    for (const c of clusters) expect(c.x).toBeGreaterThan(hosts.x + hosts.width);
    expect(clusters[1]!.y).toBeGreaterThan(clusters[0]!.y + clusters[0]!.height);
  });

  it("leaves a small unfolded picture to ELK", () => {
    const small = buildGraph(syntheticTopology(20, 3), { signatures: false });
    expect(wantsGridLayout(visibleGraph(small, new Set(["cluster:c0", "ns:c0/p1", "hosts"])))).toBe(false);
    expect(wantsGridLayout(visibleGraph(graph, new Set(["cluster:c0"])))).toBe(true);
  });

  it("puts gateways before services inside an unfolded namespace", () => {
    const v = visibleGraph(graph, new Set(["cluster:c1", "ns:c1/p3"]));
    const layout = gridLayout(v);
    expectTidy(v, layout);
    const gateway = layout.get("gateway:c1/p3/p3-gateway")!;
    const services = v.nodes.filter((n) => n.kind === "service" && n.parent === "ns:c1/p3");
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) {
      const box = layout.get(s.id)!;
      expect(box.y > gateway.y || (box.y === gateway.y && box.x > gateway.x)).toBe(true);
    }
  });
});
