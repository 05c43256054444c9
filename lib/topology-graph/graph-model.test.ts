import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/analysis/finding";
import { loadExample } from "@/lib/topology/examples";
import { renderCluster } from "@/lib/istio";
import { syntheticTopology } from "@/lib/topology";
import { gatewayNodeId, hostNodeId, serviceNodeId, clientNodeId } from "./graph-ids";
import { buildGraph, findingsByNode, worstSeverity } from "./graph-model";
import { objectsForNode } from "./node-objects";

describe("buildGraph", () => {
  it("draws the shared ingress: host → shared gateway → service, and the client calling the service directly", () => {
    const g = buildGraph(loadExample("00-shared-ingress"));
    const ids = g.nodes.map((n) => n.id);
    expect(ids).toContain(hostNodeId("payments.my-company.io"));
    expect(ids).toContain(gatewayNodeId("east", "istio-system", "istio-ingressgateway"));
    expect(ids).toContain(serviceNodeId("east", "payments", "payments"));
    const edges = g.edges.map((e) => e.id);
    expect(edges).toContain(
      `${hostNodeId("payments.my-company.io")}->${gatewayNodeId("east", "istio-system", "istio-ingressgateway")}`,
    );
    expect(edges).toContain(
      `${gatewayNodeId("east", "istio-system", "istio-ingressgateway")}->${serviceNodeId("east", "payments", "payments")}`,
    );
    expect(edges).toContain(
      `${clientNodeId("east", "checkout", "checkout")}->${serviceNodeId("east", "payments", "payments")}`,
    );
    const shared = g.nodes.find(
      (n) => n.id === gatewayNodeId("east", "istio-system", "istio-ingressgateway"),
    )!;
    expect(shared.gatewayMode).toBe("shared");
    expect(shared.products.sort()).toEqual(["analytics", "payments"]);
  });

  it("groups gateways and services by cluster and namespace", () => {
    const g = buildGraph(loadExample("03-payments-west"));
    const groups = g.groups.map((x) => x.id);
    expect(groups).toEqual(
      expect.arrayContaining([
        "hosts",
        "cluster:east",
        "cluster:west",
        "ns:west/payments",
        "ns:east/analytics-ingest",
      ]),
    );
    const westGw = g.nodes.find((n) => n.id === gatewayNodeId("west", "payments", "payments-gateway"))!;
    expect(westGw.parent).toBe("ns:west/payments");
    expect(westGw.gatewayMode).toBe("product");
    expect(g.groups.find((x) => x.id === "ns:west/payments")!.parent).toBe("cluster:west");
  });

  it("sends the internal client to the product gateway once it calls the public host", () => {
    const g = buildGraph(loadExample("01-payments-gateway"));
    const fromClient = g.edges
      .filter((e) => e.source === clientNodeId("east", "checkout", "checkout"))
      .map((e) => e.target);
    expect(fromClient).toContain(gatewayNodeId("east", "payments", "payments-gateway"));
  });

  it("gathers the teams of every route bound to a gateway without touching the topology's products", () => {
    const t = loadExample("01-payments-gateway");
    // An analytics route bound to payments' product gateway: the gateway node shows both teams.
    const route = t.routes.find((r) => r.product === "payments")!;
    t.routes.push({ ...route, name: "analytics-on-payments", product: "analytics" });
    const payments = t.products.find((p) => p.name === "payments")!;
    const before = [...payments.teams];
    const g = buildGraph(t);
    const gw = g.nodes.find((n) => n.id === gatewayNodeId("east", "payments", "payments-gateway"))!;
    expect([...gw.teams].sort()).toEqual(["analytics", "payments"]);
    expect(payments.teams).toEqual(before);
    // A second build of the same document draws the same picture.
    expect(buildGraph(t).nodes.find((n) => n.id === gw.id)!.teams).toEqual(gw.teams);
  });

  it("is deterministic and linear enough for 500 products in 3 clusters", () => {
    const t = syntheticTopology(500, 3);
    const started = performance.now();
    const a = buildGraph(t);
    const ms = performance.now() - started;
    expect(buildGraph(t)).toEqual(a);
    expect(a.nodes.filter((n) => n.kind === "gateway")).toHaveLength(1500);
    expect(ms).toBeLessThan(2000);
  });
});

describe("findingsByNode", () => {
  it("puts a finding about a gateway's objects on that gateway in the named cluster only", () => {
    const t = loadExample("03-payments-west");
    const g = buildGraph(t);
    const f: Finding = {
      code: "PTC999",
      name: "Test",
      severity: "error",
      message: "m",
      hint: "h",
      objects: [
        { cluster: "west", kind: "Deployment", namespace: "payments", name: "payments-gateway" },
        { kind: "DestinationRule", namespace: "payments", name: "credit-card" },
        { cluster: "east", kind: "VirtualService", namespace: "payments", name: "payments" },
      ],
    };
    const by = findingsByNode(g, t, [f]);
    expect(by.get(gatewayNodeId("west", "payments", "payments-gateway"))?.error).toBe(1);
    expect(by.has(gatewayNodeId("east", "payments", "payments-gateway"))).toBe(false);
    expect(by.get(serviceNodeId("east", "payments", "credit-card"))?.error).toBe(1);
    expect(by.get(serviceNodeId("west", "payments", "credit-card"))?.error).toBe(1);
    expect(worstSeverity(by.get(hostNodeId("payments.my-company.io")))).toBe("error");
  });
});

describe("objectsForNode", () => {
  it("finds the objects rendered for a gateway, a service and a host", () => {
    const t = loadExample("03-payments-west");
    const g = buildGraph(t);
    const { objects } = renderCluster(t, "west");
    const gw = g.nodes.find((n) => n.id === gatewayNodeId("west", "payments", "payments-gateway"))!;
    const kinds = objectsForNode(gw, objects).map((o) => o.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["Deployment", "Service", "Gateway", "ServiceEntry", "HorizontalPodAutoscaler"]),
    );
    expect(kinds).not.toContain("VirtualService");
    const svc = g.nodes.find((n) => n.id === serviceNodeId("west", "payments", "credit-card"))!;
    expect(objectsForNode(svc, objects).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "DestinationRule/credit-card",
    ]);
    const host = g.nodes.find((n) => n.id === hostNodeId("payments.my-company.io"))!;
    expect(objectsForNode(host, objects).map((o) => o.kind)).toEqual(["VirtualService"]);
  });
});
