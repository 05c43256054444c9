import { describe, expect, it } from "vitest";
import { hostNotOnGateway } from "./host-not-on-gateway";
import { run, step } from "./test-fixture";

describe("PTC007 VirtualServiceHostNotOnGateway", () => {
  it("is clean for the reference scenario", () => {
    expect(run(hostNotOnGateway, step("01-payments-gateway"))).toEqual([]);
  });

  it("flags a host the bound gateway does not expose", () => {
    const t = step("01-payments-gateway");
    t.routes[0]!.gateways = ["analytics-gateway/analytics-gateway"];
    const f = run(hostNotOnGateway, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/payments.my-company.io on gateway analytics-gateway\/analytics-gateway/);
  });

  it("accepts a host covered by a wildcard listener", () => {
    const t = step("01-payments-gateway");
    t.gateways.find((g) => g.name === "payments-gateway")!.listeners[0]!.hosts = ["*.my-company.io"];
    expect(run(hostNotOnGateway, t)).toEqual([]);
  });
});
