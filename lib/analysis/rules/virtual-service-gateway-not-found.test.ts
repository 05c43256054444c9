import { describe, expect, it } from "vitest";
import { virtualServiceGatewayNotFound } from "./virtual-service-gateway-not-found";
import { run, step } from "./test-fixture";

describe("PTC004 VirtualServiceGatewayNotFound", () => {
  it("is clean for the reference scenario", () => {
    expect(run(virtualServiceGatewayNotFound, step("02-payments-split"))).toEqual([]);
  });

  it("flags a missing gateway, resolving bare names in the route namespace", () => {
    const t = step("02-payments-split");
    t.routes[0]!.gateways = ["payments-gw"];
    const f = run(virtualServiceGatewayNotFound, t);
    expect(f[0]!.message).toMatch(/payments\/payments-gw/);
  });

  it("flags a route pinned to a cluster where none of its gateways runs", () => {
    const t = step("02-payments-split");
    t.routes[0]!.clusters = ["east", "west"];
    const f = run(virtualServiceGatewayNotFound, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects[0]!.cluster).toBe("west");
  });
});
