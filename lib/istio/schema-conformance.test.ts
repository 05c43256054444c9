import { describe, expect, it } from "vitest";
import { objectKey, syntheticTopology } from "@/lib/topology";
import { EXAMPLE_STEPS, loadExample } from "@/lib/topology/examples";
import { renderCluster } from "./render-cluster";
import { schemaError } from "./conformance";

describe("rendered objects conform to the published schemas", () => {
  for (const step of EXAMPLE_STEPS) {
    for (const format of ["istio", "gateway-api"] as const) {
      it(`${step} (${format})`, () => {
        const t = loadExample(step);
        let count = 0;
        for (const c of t.clusters) {
          for (const o of renderCluster(t, c.name, { format }).objects) {
            count++;
            expect({ key: objectKey(o), error: schemaError(o) }).toEqual({
              key: objectKey(o),
              error: undefined,
            });
          }
        }
        expect(count).toBeGreaterThan(0);
      });
    }
  }

  it("a synthetic estate with every feature", () => {
    const t = syntheticTopology(3, 3);
    for (const c of t.clusters) {
      for (const o of renderCluster(t, c.name).objects) expect(schemaError(o)).toBeUndefined();
    }
  });

  it("catches an invalid object (the check is real)", () => {
    const t = loadExample("01-payments-gateway");
    const vs = renderCluster(t, "east").objects.find((o) => o.kind === "VirtualService")!;
    (vs.spec as Record<string, unknown>).gateways = "payments/payments-gateway";
    expect(schemaError(vs)).toMatch(/gateways/);
  });
});
