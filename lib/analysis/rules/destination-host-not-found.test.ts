import { describe, expect, it } from "vitest";
import { destinationHostNotFound } from "./destination-host-not-found";
import { run, step } from "./test-fixture";

describe("PTC005 VirtualServiceDestinationHostNotFound", () => {
  it("is clean for the reference scenario", () => {
    for (const s of ["00-shared-ingress", "03-payments-west"] as const)
      expect(run(destinationHostNotFound, step(s))).toEqual([]);
  });

  it("flags an unknown destination service", () => {
    const t = step("02-payments-split");
    t.routes[0]!.http[0]!.destinations[0]!.service = "direct-deposits";
    const f = run(destinationHostNotFound, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/payments\/direct-deposits/);
  });

  it("flags a service missing in one cluster of the route (cross-cluster)", () => {
    const t = step("03-payments-west");
    t.services.find((s) => s.name === "credit-card")!.clusters = ["east"];
    const f = run(destinationHostNotFound, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects[0]!.cluster).toBe("west");
  });
});
