import { describe, expect, it } from "vitest";
import { analyze, checkContract, hasErrors } from "@/lib/analysis";
import { renderCluster } from "@/lib/istio";
import { loadExample } from "@/lib/topology/examples";
import { copyToCluster } from "./copy-to-cluster";
import { comparable } from "./test-helpers";

const step2 = loadExample("02-payments-split");
const step3 = loadExample("03-payments-west");

describe("copyToCluster", () => {
  it("turns 02 into 03 exactly", () => {
    const r = copyToCluster(step2, {
      product: "payments",
      targetCluster: "west",
      failover: true,
      clients: ["checkout"],
    });
    expect(comparable(r.topology)).toEqual(comparable(step3));
  });

  it("keeps the contract and the analyzer clean", () => {
    const r = copyToCluster(step2, {
      product: "payments",
      targetCluster: "west",
      failover: true,
      clients: ["checkout"],
    });
    expect(checkContract(step2, r.topology).ok).toBe(true);
    expect(hasErrors(analyze(r.topology))).toBe(false);
  });

  it("renders ServiceEntries to each other's gateway and DestinationRules with failover and outlier detection", () => {
    const t = copyToCluster(step2, { product: "payments", targetCluster: "west", failover: true }).topology;
    const west = renderCluster(t, "west", { format: "istio" }).objects;
    const se = west.filter((o) => o.kind === "ServiceEntry");
    expect(se.length).toBeGreaterThan(0);
    const drs = west.filter((o) => o.kind === "DestinationRule") as any[];
    expect(drs.length).toBeGreaterThan(0);
    for (const dr of drs) {
      expect(dr.spec.trafficPolicy.outlierDetection).toBeDefined();
      expect(dr.spec.trafficPolicy.loadBalancer.localityLbSetting.failover).toEqual(
        expect.arrayContaining([{ from: "us-west-2", to: "us-east-1" }]),
      );
    }
  });

  it("without failover leaves locality load balancing out", () => {
    const t = copyToCluster(step2, { product: "payments", targetCluster: "west", failover: false }).topology;
    expect(t.failover).toEqual([]);
  });

  it("refuses a product without its own gateway and unknown clusters", () => {
    expect(() =>
      copyToCluster(loadExample("00-shared-ingress"), {
        product: "payments",
        targetCluster: "west",
        failover: true,
      }),
    ).toThrow(/step 1/);
    expect(() =>
      copyToCluster(step2, { product: "payments", targetCluster: "north", failover: true }),
    ).toThrow(/north/);
  });
});
