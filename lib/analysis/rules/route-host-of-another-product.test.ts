import { describe, expect, it } from "vitest";
import { routeHostOfAnotherProduct } from "./route-host-of-another-product";
import { EXAMPLE_STEPS } from "@/lib/topology/examples";
import { run, step } from "./test-fixture";

describe("PTC033 RouteHostOfAnotherProduct", () => {
  it("is clean for every step of the reference scenario", () => {
    for (const s of EXAMPLE_STEPS) expect(run(routeHostOfAnotherProduct, step(s))).toEqual([]);
  });

  it("flags a route that answers for another product's host", () => {
    const t = step("00-shared-ingress");
    t.routes[1]!.host = "payments.my-company.io";
    expect(run(routeHostOfAnotherProduct, t)).toEqual([
      expect.objectContaining({
        severity: "error",
        message:
          "Route analytics of product analytics answers for payments.my-company.io, which product payments declares.",
      }),
    ]);
  });
});
