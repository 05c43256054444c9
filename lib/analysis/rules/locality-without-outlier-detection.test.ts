import { describe, expect, it } from "vitest";
import { localityWithoutOutlierDetection } from "./locality-without-outlier-detection";
import { run, step } from "./test-fixture";

describe("PTC010 LocalityLbWithoutOutlierDetection", () => {
  it("is clean when failover carries outlier detection", () => {
    expect(run(localityWithoutOutlierDetection, step("03-payments-west"))).toEqual([]);
  });

  it("flags failover without outlier detection, except services whose circuit breaker has it", () => {
    const t = step("03-payments-west");
    delete t.failover[0]!.outlierDetection;
    const f = run(localityWithoutOutlierDetection, t);
    expect(f).toHaveLength(1);
    const names = f[0]!.objects.map((o) => o.name);
    expect(names).toContain("payments");
    expect(names).toContain("direct-deposit");
    expect(names).not.toContain("credit-card");
  });
});
