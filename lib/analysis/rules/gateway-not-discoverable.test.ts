import { describe, expect, it } from "vitest";
import { gatewayNotDiscoverable } from "./gateway-not-discoverable";
import { run, step } from "./test-fixture";

describe("PTC019 GatewayNotDiscoverable", () => {
  it("is clean when every placement has an address", () => {
    expect(run(gatewayNotDiscoverable, step("03-payments-west"))).toEqual([]);
  });

  it("flags a multi-cluster gateway placement without address", () => {
    const t = step("03-payments-west");
    delete t.gateways.find((g) => g.name === "payments-gateway")!.placement[1]!.address;
    const f = run(gatewayNotDiscoverable, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects[0]!.cluster).toBe("west");
  });
});
