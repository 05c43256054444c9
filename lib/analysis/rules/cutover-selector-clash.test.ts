import { describe, expect, it } from "vitest";
import { cutoverSelectorClash } from "./cutover-selector-clash";
import { conflictingGateways } from "./conflicting-gateways";
import { run, step } from "./test-fixture";

describe("PTC017 CutoverSelectorClash", () => {
  it("accepts the cutover state when selectors differ", () => {
    expect(run(cutoverSelectorClash, step("01-payments-gateway"))).toEqual([]);
  });

  it("flags a product gateway that reuses the shared gateway's selector", () => {
    const t = step("01-payments-gateway");
    t.gateways.find((g) => g.name === "payments-gateway")!.selector = { istio: "ingressgateway" };
    const f = run(cutoverSelectorClash, t);
    expect(f).toHaveLength(1);
    expect(f[0]!.objects.map((o) => o.name)).toEqual(["istio-ingressgateway", "payments-gateway"]);
    expect(f[0]!.hint).toMatch(/own selector/);
    // Reported once, as a cutover problem, not again as PTC001.
    expect(run(conflictingGateways, t)).toEqual([]);
  });
});
