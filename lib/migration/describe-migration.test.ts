import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { describeMigration } from "./describe-migration";
import { requireApproval } from "./require-approval";

describe("describeMigration", () => {
  it("follows payments through the reference journey", () => {
    expect(describeMigration(loadExample("00-shared-ingress"), "payments")).toMatchObject({
      phase: "shared",
      sharedGateways: ["istio-system/istio-ingressgateway"],
      suggestedNamespace: "payments",
      done: { insert: false, split: false, copy: false },
    });
    expect(describeMigration(loadExample("00-shared-ingress"), "analytics")!.suggestedNamespace).toBe(
      "analytics-gateway",
    );
    expect(describeMigration(loadExample("01-payments-gateway"), "payments")).toMatchObject({
      phase: "serve-both",
      gateway: { ref: "payments/payments-gateway" },
    });
    expect(describeMigration(loadExample("02-payments-split"), "payments")).toMatchObject({
      phase: "cut-over",
      splits: [
        { service: "payments/payments", successors: ["payments/direct-deposit", "payments/credit-card"] },
      ],
      done: { insert: true, split: true, copy: false },
    });
    expect(describeMigration(loadExample("03-payments-west"), "payments")).toMatchObject({
      clusters: ["east", "west"],
      failover: true,
      done: { copy: true },
    });
    expect(describeMigration(loadExample("00-shared-ingress"), "nope")).toBeUndefined();
  });
});

describe("requireApproval", () => {
  const rules = [
    { name: "production-two-approvers", productionOnly: true, requiredApprovals: 2 },
    { name: "default", productionOnly: false, requiredApprovals: 1 },
  ];
  const clusters = [
    { name: "east", production: true },
    { name: "west", production: false },
  ];
  it("asks for the production rule's approvers when a production cluster is touched", () => {
    expect(requireApproval({ touched: ["west", "east"], clusters, rules })).toEqual({
      required: true,
      approvals: 2,
      productionClusters: ["east"],
      rule: "production-two-approvers",
    });
  });
  it("lets changes to other clusters through", () => {
    expect(requireApproval({ touched: ["west"], clusters, rules })).toMatchObject({ required: false });
  });
});
