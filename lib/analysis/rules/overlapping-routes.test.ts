import { describe, expect, it } from "vitest";
import { overlappingRoutes } from "./overlapping-routes";
import { run, step } from "./test-fixture";

describe("PTC012 OverlappingRoutes", () => {
  it("is clean with one route per host", () => {
    expect(run(overlappingRoutes, step("02-payments-split"))).toEqual([]);
  });

  it("flags overlapping rules in two routes for one host and gateway", () => {
    const t = step("02-payments-split");
    t.routes.push({
      ...structuredClone(t.routes[0]!),
      name: "payments-cards",
      http: [
        {
          match: [{ path: { prefix: "/v1/payments/cards/v2" } }],
          destinations: [{ service: "credit-card" }],
        },
      ],
    });
    const f = run(overlappingRoutes, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects.map((o) => o.name)).toEqual(["payments", "payments-cards"]);
  });

  it("does not flag disjoint routes", () => {
    const t = step("02-payments-split");
    t.routes.push({
      ...structuredClone(t.routes[0]!),
      name: "payments-v2",
      http: [{ match: [{ path: { prefix: "/v2/" } }], destinations: [{ service: "credit-card" }] }],
    });
    expect(run(overlappingRoutes, t)).toEqual([]);
  });
});
