import { describe, expect, it } from "vitest";
import { invalidWeights } from "./invalid-weights";
import { run, step } from "./test-fixture";

describe("PTC021 InvalidRouteWeights", () => {
  it("accepts single destinations and weights adding up to 100", () => {
    const t = step("02-payments-split");
    t.routes[0]!.http[2]!.destinations = [
      { service: "payments", weight: 90 },
      { service: "credit-card", weight: 10 },
    ];
    expect(run(invalidWeights, t)).toEqual([]);
  });

  it("flags weights not adding up to 100 or missing", () => {
    const t = step("02-payments-split");
    t.routes[0]!.http[2]!.destinations = [{ service: "payments", weight: 90 }, { service: "credit-card" }];
    const f = run(invalidWeights, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/90\/unset/);
  });
});
