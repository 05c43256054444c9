import { describe, expect, it } from "vitest";
import { exampleContext } from "./test-context";
import { renderDeployment } from "./render-deployment";

describe("renderDeployment", () => {
  it("uses Istio gateway injection", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const d = renderDeployment(ctx, gw("payments-gateway")) as any;
    expect(d.metadata).toMatchObject({ name: "payments-gateway", namespace: "payments" });
    expect(d.spec.template.metadata.annotations).toEqual({ "inject.istio.io/templates": "gateway" });
    expect(d.spec.template.metadata.labels).toMatchObject({
      "sidecar.istio.io/inject": "true",
      istio: "payments-gateway",
    });
    expect(d.spec.template.spec.containers).toEqual([
      expect.objectContaining({ name: "istio-proxy", image: "auto" }),
    ]);
    expect(d.spec.template.spec.serviceAccountName).toBe("payments-gateway");
    expect(d.spec.selector.matchLabels).toEqual({ istio: "payments-gateway" });
  });

  it("leaves replicas to the autoscaler when there is one", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    expect((renderDeployment(ctx, gw("payments-gateway")) as any).spec.replicas).toBeUndefined();
    expect((renderDeployment(ctx, gw("analytics-gateway")) as any).spec.replicas).toBe(2);
  });

  it("uses the per-cluster replica override and resources", () => {
    const { ctx, gw } = exampleContext("01-payments-gateway");
    const g = {
      ...gw("analytics-gateway"),
      placement: [{ cluster: "east", replicas: 4 }],
      resources: { requests: { cpu: "50m" } },
    };
    const d = renderDeployment(ctx, g) as any;
    expect(d.spec.replicas).toBe(4);
    expect(d.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: "50m" } });
  });
});
