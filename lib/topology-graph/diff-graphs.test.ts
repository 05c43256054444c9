import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { gatewayNodeId, serviceNodeId, hostNodeId } from "./graph-ids";
import { buildGraph } from "./graph-model";
import { diffGraphs } from "./diff-graphs";

describe("diffGraphs", () => {
  it("marks the split of payments: two services added, routes changed, the old edge removed", () => {
    const before = buildGraph(loadExample("01-payments-gateway"));
    const after = buildGraph(loadExample("02-payments-split"));
    const d = diffGraphs(before, after);
    expect(d.nodes.get(serviceNodeId("east", "payments", "credit-card"))).toBe("added");
    expect(d.nodes.get(serviceNodeId("east", "payments", "direct-deposit"))).toBe("added");
    expect(d.nodes.get(hostNodeId("payments.my-company.io"))).toBe("changed");
    // Analytics left the shared gateway in this step too, so its route changed.
    expect(d.nodes.get(hostNodeId("analytics.my-company.io"))).toBe("changed");
    expect(d.nodes.get(serviceNodeId("east", "analytics-ingest", "ingest"))).toBe("unchanged");
    expect(d.nodes.get(gatewayNodeId("east", "istio-system", "istio-ingressgateway"))).toBe("removed");
    const gw = gatewayNodeId("east", "payments", "payments-gateway");
    expect(d.edges.get(`${gw}->${serviceNodeId("east", "payments", "credit-card")}`)).toBe("added");
    expect(d.counts.added).toBeGreaterThanOrEqual(2);
  });

  it("keeps removed nodes in the union graph", () => {
    const before = buildGraph(loadExample("03-payments-west"));
    const after = buildGraph(loadExample("02-payments-split"));
    const d = diffGraphs(before, after);
    const west = gatewayNodeId("west", "payments", "payments-gateway");
    expect(d.nodes.get(west)).toBe("removed");
    expect(d.graph.nodes.some((n) => n.id === west)).toBe(true);
    expect(d.graph.groups.some((g) => g.id === "cluster:west")).toBe(true);
  });

  it("reports nothing for identical graphs", () => {
    const g = buildGraph(loadExample("02-payments-split"));
    const d = diffGraphs(g, buildGraph(loadExample("02-payments-split")));
    expect(d.counts.added + d.counts.removed + d.counts.changed).toBe(0);
  });
});
