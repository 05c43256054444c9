import { describe, expect, it } from "vitest";
import { multipleVirtualServicesForHost } from "./multiple-virtual-services-for-host";
import { run, step } from "./test-fixture";

describe("PTC013 MultipleVirtualServicesForHost", () => {
  it("is clean with one route per host", () => {
    expect(run(multipleVirtualServicesForHost, step("01-payments-gateway"))).toEqual([]);
  });

  it("flags two routes for one host on one gateway, per cluster", () => {
    const t = step("03-payments-west");
    t.routes.push({
      ...structuredClone(t.routes[0]!),
      name: "payments-v2",
      http: [{ match: [{ path: { prefix: "/v2/" } }], destinations: [{ service: "credit-card" }] }],
    });
    const f = run(multipleVirtualServicesForHost, t);
    expect(f.map((x) => x.objects[0]!.cluster).sort()).toEqual(["east", "west"]);
    expect(f[0]!.severity).toBe("warning");
  });
});
