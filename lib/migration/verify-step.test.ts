import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { verifyStep, type InventoryEntry } from "./verify-step";

const step1 = loadExample("01-payments-gateway");
const obj = (
  kind: string,
  namespace: string,
  name: string,
  extra: Partial<InventoryEntry> = {},
): InventoryEntry => ({
  kind,
  namespace,
  name,
  productSlug: "payments",
  status: "synced",
  message: null,
  ...extra,
});

describe("verifyStep", () => {
  it("passes when every object is synced, the gateway ready and the route present", () => {
    const checks = verifyStep(step1, "payments", [
      {
        cluster: "east",
        objects: [
          obj("Deployment", "payments", "payments-gateway", {
            observed: { kind: "Deployment", ready: true, readyReplicas: 2, replicas: 2 },
          }),
          obj("VirtualService", "payments", "payments"),
        ],
      },
      // west runs nothing of payments yet: nothing to check there.
      { cluster: "west", objects: [] },
    ]);
    expect(checks.map((c) => [c.label, c.ok])).toEqual([
      ["2 object(s) of payments synced", true],
      ["Gateway Deployment payments/payments-gateway ready (2/2)", true],
      ["Route payments.my-company.io (VirtualService payments/payments) present", true],
    ]);
  });

  it("says what is missing and what to do", () => {
    const checks = verifyStep(step1, "payments", [
      {
        cluster: "east",
        objects: [
          obj("Deployment", "payments", "payments-gateway", {
            observed: { kind: "Deployment", ready: false, readyReplicas: 0, replicas: 2 },
          }),
          obj("VirtualService", "payments", "payments", {
            status: "error",
            message: "conflict with kubectl",
          }),
        ],
      },
    ]);
    expect(checks.filter((c) => !c.ok).map((c) => c.detail)).toEqual([
      expect.stringMatching(
        /VirtualService payments\/payments: error \(conflict with kubectl\).*forced sync/,
      ),
      expect.stringMatching(/Pods are not ready/),
      "Status error: conflict with kubectl.",
    ]);
  });
});
