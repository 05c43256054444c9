import { describe, expect, it } from "vitest";
import { routesDifferAcrossClusters } from "./routes-differ-across-clusters";
import { run, step } from "./test-fixture";

describe("PTC014 ProductRoutesDifferAcrossClusters", () => {
  it("is clean when both clusters serve the same routes", () => {
    expect(run(routesDifferAcrossClusters, step("03-payments-west"))).toEqual([]);
  });

  it("flags a route rendered in only one cluster of the product", () => {
    const t = step("03-payments-west");
    t.routes.push({
      ...structuredClone(t.routes[0]!),
      name: "payments-beta",
      host: "payments.my-company.io",
      clusters: ["east"],
      http: [{ match: [{ path: { prefix: "/beta" } }], destinations: [{ service: "payments" }] }],
    });
    const f = run(routesDifferAcrossClusters, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(
      /east: payments\/payments,payments\/payments-beta; west: payments\/payments/,
    );
  });

  it("accepts a declared cluster-specific route", () => {
    const t = step("03-payments-west");
    t.routes.push({
      ...structuredClone(t.routes[0]!),
      name: "payments-beta",
      clusters: ["east"],
      clusterSpecific: "beta only in east",
      http: [{ match: [{ path: { prefix: "/beta" } }], destinations: [{ service: "payments" }] }],
    });
    expect(run(routesDifferAcrossClusters, t)).toEqual([]);
  });
});
