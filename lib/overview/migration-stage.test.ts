import { describe, expect, it } from "vitest";
import { describeMigration } from "@/lib/migration/describe-migration";
import type { Topology } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { migrationStage } from "./migration-stage";

const stageOf = (topology: Topology, product: string) =>
  migrationStage(topology, describeMigration(topology, product)!);

describe("migrationStage", () => {
  it("follows the reference journey: shared, both, own gateway, split, several clusters", () => {
    expect(stageOf(loadExample("00-shared-ingress"), "payments")).toEqual({ stage: "shared" });
    expect(stageOf(loadExample("01-payments-gateway"), "payments")).toEqual({ stage: "serve-both" });
    expect(stageOf(loadExample("02-payments-split"), "payments")).toEqual({ stage: "split" });
    expect(stageOf(loadExample("03-payments-west"), "payments")).toEqual({ stage: "multi-cluster" });
  });

  it("shows the DNS share while both gateways serve, the smallest over the product's hosts", () => {
    const t = loadExample("01-payments-gateway");
    const record = (gateway: string, weight: number) => ({
      setIdentifier: gateway.split("/")[1]!,
      gateway,
      targets: ["192.0.2.1"],
      weight,
    });
    t.products = t.products.map((p) =>
      p.name === "payments"
        ? {
            ...p,
            dns: {
              cluster: "east",
              namespace: "payments",
              ttl: 60,
              stages: [10, 50, 100],
              hosts: [
                {
                  host: "payments.my-company.io",
                  records: [
                    record("istio-system/istio-ingressgateway", 50),
                    record("payments/payments-gateway", 50),
                  ],
                },
              ],
            },
          }
        : p,
    ) as Topology["products"];
    expect(stageOf(t, "payments")).toEqual({ stage: "dns-moving", percent: 50 });
  });
});
