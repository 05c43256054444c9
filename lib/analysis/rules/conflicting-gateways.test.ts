import { describe, expect, it } from "vitest";
import { conflictingGateways } from "./conflicting-gateways";
import { run, step } from "./test-fixture";

describe("PTC001 ConflictingGateways", () => {
  it("is clean for the reference scenario", () => {
    for (const s of ["00-shared-ingress", "01-payments-gateway", "03-payments-west"] as const)
      expect(run(conflictingGateways, step(s))).toEqual([]);
  });

  it("flags two product gateways exposing the same host and port on the same workload", () => {
    const t = step("01-payments-gateway");
    const analytics = t.gateways.find((g) => g.name === "analytics-gateway")!;
    analytics.selector = { istio: "payments-gateway" };
    analytics.listeners[0]!.hosts.push("payments.my-company.io");
    const f = run(conflictingGateways, t);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: "PTC001", name: "ConflictingGateways", severity: "error" });
    expect(f[0]!.objects.map((o) => `${o.cluster}/${o.namespace}/${o.name}`)).toEqual([
      "east/analytics-gateway/analytics-gateway",
      "east/payments/payments-gateway",
    ]);
  });

  it("allows the same host on different ports", () => {
    const t = step("01-payments-gateway");
    const analytics = t.gateways.find((g) => g.name === "analytics-gateway")!;
    analytics.selector = { istio: "payments-gateway" };
    analytics.listeners[0]!.port = 8443;
    analytics.listeners[0]!.hosts = ["payments.my-company.io"];
    expect(run(conflictingGateways, t)).toEqual([]);
  });
});
