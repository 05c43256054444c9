import { describe, expect, it } from "vitest";
import { exampleContext } from "./test-context";
import { renderGatewayFailoverRules, renderServiceEntry } from "./render-service-entry";

describe("renderServiceEntry", () => {
  it("makes the product gateway in other clusters discoverable, with localities", () => {
    const { ctx, gw } = exampleContext("03-payments-west", "east");
    const se = renderServiceEntry(ctx, gw("payments-gateway")) as any;
    expect(se.spec).toMatchObject({
      hosts: ["payments.my-company.io"],
      location: "MESH_INTERNAL",
      resolution: "DNS",
    });
    expect(se.spec.endpoints).toEqual([
      expect.objectContaining({
        address: "payments-gateway.payments.svc.cluster.local",
        locality: "us-east-1/us-east-1a",
      }),
      expect.objectContaining({
        address: "payments-gateway.west.my-company.io",
        locality: "us-west-2/us-west-2b",
      }),
    ]);
  });

  it("skips wildcard hosts and remote placements without address", () => {
    const { ctx, gw } = exampleContext("03-payments-west", "east");
    const g = gw("payments-gateway");
    const se = renderServiceEntry(ctx, {
      ...g,
      placement: [{ cluster: "east" }, { cluster: "west" }],
      listeners: [{ ...g.listeners[0]!, hosts: ["*.my-company.io", "payments.my-company.io"] }],
    }) as any;
    expect(se.spec.hosts).toEqual(["payments.my-company.io"]);
    expect(se.spec.endpoints).toHaveLength(1);
  });

  it("adds failover DestinationRules for the published hosts", () => {
    const { ctx, gw } = exampleContext("03-payments-west", "west");
    const [dr] = renderGatewayFailoverRules(ctx, gw("payments-gateway")) as any[];
    expect(dr.spec.host).toBe("payments.my-company.io");
    expect(dr.spec.trafficPolicy.outlierDetection).toBeDefined();
    expect(
      renderGatewayFailoverRules(exampleContext("02-payments-split").ctx, gw("payments-gateway")),
    ).toEqual([]);
  });
});
