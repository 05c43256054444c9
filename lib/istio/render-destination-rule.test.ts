import { describe, expect, it } from "vitest";
import { exampleContext } from "./test-context";
import { renderDestinationRule } from "./render-destination-rule";

describe("renderDestinationRule", () => {
  it("renders circuit breaking (connection pool and outlier detection)", () => {
    const { t, ctx } = exampleContext("02-payments-split");
    const dr = renderDestinationRule(
      ctx,
      t.services.find((s) => s.name === "credit-card")!,
    ) as any;
    expect(dr.spec.host).toBe("credit-card.payments.svc.cluster.local");
    expect(dr.spec.trafficPolicy.connectionPool).toEqual({
      tcp: { maxConnections: 100 },
      http: { http1MaxPendingRequests: 50, maxRequestsPerConnection: 10 },
    });
    expect(dr.spec.trafficPolicy.outlierDetection).toMatchObject({ consecutive5xxErrors: 5 });
  });

  it("renders locality failover always together with outlier detection", () => {
    const { t, ctx } = exampleContext("03-payments-west");
    const dr = renderDestinationRule(
      ctx,
      t.services.find((s) => s.name === "direct-deposit")!,
    ) as any;
    expect(dr.spec.trafficPolicy.loadBalancer.localityLbSetting).toEqual({
      enabled: true,
      failover: [
        { from: "us-east-1", to: "us-west-2" },
        { from: "us-west-2", to: "us-east-1" },
      ],
    });
    expect(dr.spec.trafficPolicy.outlierDetection).toBeDefined();
  });

  it("merges subsets into the same rule and renders nothing when nothing is needed", () => {
    const { t, ctx } = exampleContext("02-payments-split");
    const svc = t.services.find((s) => s.name === "payments")!;
    expect(renderDestinationRule(ctx, svc)).toBeUndefined();
    const dr = renderDestinationRule(ctx, {
      ...svc,
      subsets: [{ name: "v1", labels: { version: "v1" } }],
    }) as any;
    expect(dr.spec.subsets).toEqual([{ name: "v1", labels: { version: "v1" } }]);
  });
});
