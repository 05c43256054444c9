import { describe, expect, it } from "vitest";
import { gatewayWithoutSelector } from "./gateway-without-selector";
import { run, step } from "./test-fixture";

describe("PTC003 GatewayWithoutSelector", () => {
  it("is clean for the reference scenario", () => {
    expect(run(gatewayWithoutSelector, step("01-payments-gateway"))).toEqual([]);
  });

  it("flags a Gateway with an empty selector", () => {
    const t = step("01-payments-gateway");
    t.gateways.find((g) => g.name === "payments-gateway")!.selector = {};
    const f = run(gatewayWithoutSelector, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects[0]).toMatchObject({
      kind: "Gateway",
      namespace: "payments",
      name: "payments-gateway",
      product: "payments",
    });
  });
});
