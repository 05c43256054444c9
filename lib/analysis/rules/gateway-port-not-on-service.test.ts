import { describe, expect, it } from "vitest";
import { gatewayPortNotOnService } from "./gateway-port-not-on-service";
import { run, step } from "./test-fixture";

describe("PTC009 GatewayPortNotOnService", () => {
  it("is clean when servicePorts are not overridden", () => {
    expect(run(gatewayPortNotOnService, step("01-payments-gateway"))).toEqual([]);
  });

  it("flags a listener port the Service does not expose", () => {
    const t = step("01-payments-gateway");
    t.gateways.find((g) => g.name === "istio-ingressgateway")!.servicePorts = [80, 8443];
    const f = run(gatewayPortNotOnService, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects[1]).toMatchObject({ kind: "Service", namespace: "istio-system" });
  });
});
