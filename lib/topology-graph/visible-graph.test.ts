import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { syntheticTopology } from "@/lib/topology";
import { gatewayNodeId } from "./graph-ids";
import { buildGraph } from "./graph-model";
import { defaultExpanded, groupsToReveal, visibleGraph } from "./visible-graph";

describe("visibleGraph", () => {
  it("shows everything of a small estate expanded by default", () => {
    const g = buildGraph(loadExample("03-payments-west"));
    const v = visibleGraph(g, defaultExpanded(g));
    expect(v.nodes).toHaveLength(g.nodes.length);
    expect(v.edges).toHaveLength(g.edges.length);
  });

  it("folds a large estate into its top-level groups, with edges between them", () => {
    const g = buildGraph(syntheticTopology(500, 3));
    const v = visibleGraph(g, defaultExpanded(g));
    expect(v.nodes).toHaveLength(0);
    expect(v.groups.map((x) => x.id).sort()).toEqual(["cluster:c0", "cluster:c1", "cluster:c2", "hosts"]);
    expect(v.edges.map((e) => e.id).sort()).toEqual([
      "hosts->cluster:c0",
      "hosts->cluster:c1",
      "hosts->cluster:c2",
    ]);
    expect(v.groups.find((x) => x.id === "hosts")!.nodeCount).toBe(500);
  });

  it("opens one cluster into namespace groups and one namespace into its nodes", () => {
    const g = buildGraph(syntheticTopology(20, 3));
    const v1 = visibleGraph(g, new Set(["cluster:c1"]));
    expect(v1.groups.filter((x) => x.parent === "cluster:c1")).toHaveLength(20);
    expect(v1.nodes).toHaveLength(0);
    const v2 = visibleGraph(g, new Set(["cluster:c1", "ns:c1/p3", "hosts"]));
    expect(v2.nodes.filter((n) => n.cluster === "c1").every((n) => n.namespace === "p3")).toBe(true);
    expect(
      v2.edges.some(
        (e) => e.source === "host:p3.example.io" && e.target === gatewayNodeId("c1", "p3", "p3-gateway"),
      ),
    ).toBe(true);
    expect(v2.edges.some((e) => e.source === "host:p4.example.io" && e.target === "ns:c1/p4")).toBe(true);
  });

  it("names the groups to open to reveal a node", () => {
    const g = buildGraph(loadExample("03-payments-west"));
    expect(groupsToReveal(g, gatewayNodeId("west", "payments", "payments-gateway"))).toEqual([
      "ns:west/payments",
      "cluster:west",
    ]);
  });
});
