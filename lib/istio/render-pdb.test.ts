import { describe, expect, it } from "vitest";
import { exampleContext } from "./test-context";
import { renderPodDisruptionBudget } from "./render-pdb";
import { renderHorizontalPodAutoscaler } from "./render-hpa";

describe("availability objects", () => {
  it("renders a PDB only when a disruption budget is set", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const pdb = renderPodDisruptionBudget(ctx, gw("payments-gateway")) as any;
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { istio: "payments-gateway" } } });
    expect(
      renderPodDisruptionBudget(ctx, { ...gw("payments-gateway"), disruptionBudget: undefined }),
    ).toBeUndefined();
  });

  it("renders an HPA targeting the gateway Deployment", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const hpa = renderHorizontalPodAutoscaler(ctx, gw("payments-gateway")) as any;
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "payments-gateway",
    });
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(80);
    expect(renderHorizontalPodAutoscaler(ctx, gw("analytics-gateway"))).toBeUndefined();
  });
});
