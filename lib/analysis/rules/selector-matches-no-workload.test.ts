import { describe, expect, it } from "vitest";
import { selectorMatchesNoWorkload } from "./selector-matches-no-workload";
import { run, step } from "./test-fixture";

describe("PTC002 GatewaySelectorMatchesNoWorkload", () => {
  it("is clean for the reference scenario", () => {
    expect(run(selectorMatchesNoWorkload, step("03-payments-west"))).toEqual([]);
  });

  it("flags a selector that matches no gateway pods in a cluster", () => {
    const t = step("03-payments-west");
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.selector = { istio: "payments-gw" };
    gw.workloadLabels = { istio: "payments-gateway" };
    const f = run(selectorMatchesNoWorkload, t);
    expect(f.map((x) => x.objects[0]!.cluster)).toEqual(["east", "west"]);
    expect(f[0]!.hint).toMatch(/selector/);
  });
});
