import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { gatewayNodeId, hostNodeId } from "./graph-ids";
import { buildGraph } from "./graph-model";
import { filterGraph, graphFacets, searchGraph } from "./filter-graph";

describe("filterGraph", () => {
  const g = buildGraph(loadExample("03-payments-west"));

  it("keeps one product's nodes, its hosts and the groups holding them", () => {
    const f = filterGraph(g, { products: ["analytics"] });
    expect(f.nodes.some((n) => n.id === hostNodeId("analytics.my-company.io"))).toBe(true);
    expect(f.nodes.some((n) => n.id === hostNodeId("payments.my-company.io"))).toBe(false);
    expect(f.nodes.every((n) => n.products.includes("analytics"))).toBe(true);
    expect(f.groups.some((x) => x.id === "cluster:west")).toBe(false);
    for (const e of f.edges) {
      expect(f.nodes.some((n) => n.id === e.source)).toBe(true);
      expect(f.nodes.some((n) => n.id === e.target)).toBe(true);
    }
  });

  it("filters by cluster and by team", () => {
    const west = filterGraph(g, { clusters: ["west"] });
    expect(west.nodes.filter((n) => n.cluster).every((n) => n.cluster === "west")).toBe(true);
    expect(west.nodes.some((n) => n.id === gatewayNodeId("west", "payments", "payments-gateway"))).toBe(true);
    const team = filterGraph(g, { teams: ["payments"] });
    expect(team.nodes.some((n) => n.id === hostNodeId("payments.my-company.io"))).toBe(true);
    expect(team.nodes.some((n) => n.kind === "service" && n.products.includes("analytics"))).toBe(false);
  });

  it("returns the graph itself without a filter", () => {
    expect(filterGraph(g, {})).toBe(g);
  });
});

describe("searchGraph and graphFacets", () => {
  const g = buildGraph(loadExample("03-payments-west"));
  it("matches every word against label, namespace, cluster and product", () => {
    expect(searchGraph(g, "payments-gateway west")).toEqual([
      gatewayNodeId("west", "payments", "payments-gateway"),
    ]);
    expect(searchGraph(g, "  ")).toEqual([]);
  });
  it("lists products, teams and clusters", () => {
    expect(graphFacets(g)).toEqual({
      products: ["analytics", "payments"],
      teams: ["analytics", "payments"],
      clusters: ["east", "west"],
    });
  });
});
