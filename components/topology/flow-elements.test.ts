import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { buildGraph, diffGraphs, visibleGraph, type FindingCounts } from "@/lib/topology-graph";
import { flowEdges, flowNodes, groupTotals } from "./flow-elements";
import type { LaidOutGraph } from "./use-graph-layout";

const GATEWAY = "gateway:east/payments/payments-gateway";

/** Every visible box at the origin: the elements do not depend on the positions. */
function laidOut(v: LaidOutGraph["graph"]): LaidOutGraph {
  const layout = new Map([...v.groups, ...v.nodes].map((x) => [x.id, { x: 0, y: 0, width: 1, height: 1 }]));
  return { graph: v, layout };
}

describe("the picture's React Flow elements", () => {
  const diff = diffGraphs(
    buildGraph(loadExample("01-payments-gateway")),
    buildGraph(loadExample("02-payments-split")),
  );
  const warning: FindingCounts = { error: 0, warning: 1, info: 0, findings: [] };
  const findings = new Map([[GATEWAY, warning]]);

  it("sums findings, matches and changes into every group holding the node", () => {
    const totals = groupTotals(diff.graph, findings, diff, new Set([GATEWAY]));
    expect(totals.get("ns:east/payments")).toMatchObject({ warnings: 1, matches: 1 });
    expect(totals.get("cluster:east")!.changes).toBe(
      diff.graph.nodes.filter((n) => n.cluster === "east" && diff.nodes.get(n.id) !== "unchanged").length,
    );
    expect(totals.get("cluster:east")!.changes).toBeGreaterThan(0);
  });

  it("badges, dims and marks nodes without a new layout", () => {
    const v = visibleGraph(diff.graph, new Set(diff.graph.groups.map((g) => g.id)));
    const nodes = flowNodes(laidOut(v), {
      totals: new Map(),
      findings,
      changes: diff,
      matches: new Set([GATEWAY]),
      selected: GATEWAY,
      onToggle: () => undefined,
    });
    const gateway = nodes.find((n) => n.id === GATEWAY)!;
    expect(gateway).toMatchObject({
      selected: true,
      data: { findings: warning, match: true, dimmed: false },
    });
    expect(nodes.find((n) => n.id === "service:east/payments/credit-card")!.data).toMatchObject({
      change: "added",
      dimmed: true,
    });
  });

  it("labels a folded edge with how many it stands for and its summed live rate", () => {
    const graph = buildGraph(loadExample("02-payments-split"));
    const v = visibleGraph(graph, new Set());
    const folded = v.edges.find((e) => e.edgeIds.length > 1)!;
    const rates = new Map(
      folded.edgeIds.map((id) => [id, { edge: id, requestsPerSecond: 1, errorsPerSecond: 0 }] as const),
    );
    const edge = flowEdges(laidOut(v), undefined, rates).find((e) => e.id === folded.id)!;
    expect(edge.label).toBe(`${folded.edgeIds.length} · ${folded.edgeIds.length} req/s · 0 % 5xx`);
    const compared = flowEdges(laidOut(visibleGraph(diff.graph, new Set())), diff, new Map());
    expect(compared.some((e) => e.data!.status !== "unchanged")).toBe(true);
  });
});
