import { describe, expect, it } from "vitest";
import { gatewayRouteBypassesMeshSubsets } from "./gateway-route-bypasses-mesh-subsets";
import { run, step } from "./test-fixture";

// Istio's example: testdata/virtualservice_route_rule_no_effects_ingress.yaml — mesh
// VirtualService `ratings-01` sends `ratings` to subset v1, gateway VirtualService
// `testing-service-01-test-01` sends to `ratings` without a subset (IST0140); the one naming
// subset v1 is fine.
function withMeshSplit() {
  const t = step("02-payments-split");
  t.services.find((s) => s.name === "credit-card")!.subsets = [{ name: "v1", labels: { version: "v1" } }];
  t.routes.push({
    name: "credit-card-01",
    product: "payments",
    namespace: "payments",
    host: "credit-card.payments.svc.cluster.local",
    gateways: ["mesh"],
    http: [{ match: [], destinations: [{ service: "credit-card", port: 8080, subset: "v1" }] }],
  });
  return t;
}

describe("PTC041 GatewayRouteBypassesMeshSubsets", () => {
  it("flags a gateway route to the service without a subset", () => {
    const f = run(gatewayRouteBypassesMeshSubsets, withMeshSplit());
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("warning");
    expect(f[0]!.objects.map((o) => o.name)).toEqual(["payments", "credit-card-01"]);
  });

  it("accepts a gateway route naming the subset, and services no mesh route splits", () => {
    const t = withMeshSplit();
    t.routes[0]!.http[1]!.destinations[0]!.subset = "v1";
    expect(run(gatewayRouteBypassesMeshSubsets, t)).toEqual([]);
    expect(run(gatewayRouteBypassesMeshSubsets, step("02-payments-split"))).toEqual([]);
  });
});
