import { describe, expect, it } from "vitest";
import type { Route } from "@/lib/topology";
import { conflictingMeshVirtualServiceHosts } from "./conflicting-mesh-virtual-service-hosts";
import { run, step } from "./test-fixture";

// Istio's example: testdata/virtualservice_conflictingmeshgatewayhosts.yaml and
// ..._with_exportto.yaml — foo/productpage and foo/bogus-productpage both bound to mesh for
// `productpage`; exportTo scopes that share no namespace do not conflict.
function meshRoute(name: string, namespace: string, exportTo?: string[]): Route {
  return {
    name,
    product: "payments",
    namespace,
    host: "productpage.payments.svc.cluster.local",
    gateways: ["mesh"],
    http: [{ match: [], destinations: [{ service: "payments", namespace: "payments", port: 8080 }] }],
    ...(exportTo ? { exportTo } : {}),
  };
}

describe("PTC034 ConflictingMeshVirtualServiceHosts", () => {
  it("flags two mesh routes for one host visible to every namespace", () => {
    const t = step("02-payments-split");
    t.routes.push(meshRoute("productpage", "payments"), meshRoute("bogus-productpage", "payments"));
    const f = run(conflictingMeshVirtualServiceHosts, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("error");
    expect(f[0]!.message).toContain("payments/bogus-productpage, payments/productpage");
    expect(f[0]!.objects.map((o) => o.cluster)).toEqual(["east", "east"]);
  });

  it("flags a route exported to one namespace against one exported everywhere", () => {
    const t = step("02-payments-split");
    t.routes.push(meshRoute("a", "payments", ["."]), meshRoute("b", "payments"));
    expect(run(conflictingMeshVirtualServiceHosts, t)).toHaveLength(1);
  });

  it("accepts routes exported to different namespaces, and gateway-only routes", () => {
    const t = step("02-payments-split");
    t.routes.push(meshRoute("a", "payments", ["."]), meshRoute("b", "payments", ["checkout"]));
    t.routes.push({ ...meshRoute("c", "payments"), gateways: ["payments/payments-gateway"] });
    expect(run(conflictingMeshVirtualServiceHosts, t)).toEqual([]);
  });
});
