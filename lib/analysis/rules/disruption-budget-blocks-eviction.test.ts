import { describe, expect, it } from "vitest";
import { disruptionBudgetBlocksEviction } from "./disruption-budget-blocks-eviction";
import { run, step } from "./test-fixture";

describe("PTC029 DisruptionBudgetBlocksEviction", () => {
  it("is clean for the reference scenario", () => {
    expect(run(disruptionBudgetBlocksEviction, step("03-payments-west"))).toEqual([]);
  });

  it("flags minAvailable equal to the replicas of one cluster", () => {
    const t = step("03-payments-west");
    const gw = t.gateways.find((g) => g.name === "analytics-gateway")!;
    gw.disruptionBudget = { minAvailable: 2 };
    const f = run(disruptionBudgetBlocksEviction, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/minAvailable 2\) with 2 replica\(s\) in cluster east allows no eviction/);
  });

  it("counts the autoscaler's minimum, percentages (rounded up) and maxUnavailable 0", () => {
    const t = step("03-payments-west");
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.disruptionBudget = { minAvailable: "60%" }; // ceil(0.6 × 2) = 2 of minReplicas 2
    expect(run(disruptionBudgetBlocksEviction, t).map((f) => f.objects[0]!.cluster)).toEqual([
      "east",
      "west",
    ]);
    gw.disruptionBudget = { minAvailable: "50%" };
    expect(run(disruptionBudgetBlocksEviction, t)).toEqual([]);
    gw.disruptionBudget = { maxUnavailable: 0 };
    expect(run(disruptionBudgetBlocksEviction, t)).toHaveLength(2);
  });

  it("flags a budget the API server refuses", () => {
    const t = step("03-payments-west");
    t.gateways.find((g) => g.name === "analytics-gateway")!.disruptionBudget = { minAvailable: "half" };
    expect(run(disruptionBudgetBlocksEviction, t)[0]!.message).toMatch(
      /"half" is neither a number nor a percentage/,
    );
  });
});
