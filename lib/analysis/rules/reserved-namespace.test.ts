import { describe, expect, it } from "vitest";
import { reservedNamespace } from "./reserved-namespace";
import { run, step } from "./test-fixture";

describe("PTC016 ReservedNamespace", () => {
  it("accepts the shared gateway in istio-system", () => {
    expect(run(reservedNamespace, step("01-payments-gateway"))).toEqual([]);
  });

  it("flags a product gateway in istio-system and a route in kube-system", () => {
    const t = step("01-payments-gateway");
    t.gateways.find((g) => g.name === "analytics-gateway")!.namespace = "istio-system";
    t.routes[0]!.namespace = "kube-system";
    const f = run(reservedNamespace, t);
    expect(f.map((x) => x.objects[0]!.namespace)).toEqual(["istio-system", "kube-system"]);
  });
});
