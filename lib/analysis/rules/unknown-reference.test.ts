import { describe, expect, it } from "vitest";
import { unknownReference } from "./unknown-reference";
import { EXAMPLE_STEPS } from "@/lib/topology/examples";
import { run, step } from "./test-fixture";

describe("PTC018 UnknownReference", () => {
  it("is clean for the reference scenario", () => {
    for (const s of EXAMPLE_STEPS) expect(run(unknownReference, step(s))).toEqual([]);
  });

  it("flags unknown clusters, products, services and gateways", () => {
    const t = step("03-payments-west");
    t.gateways[0]!.placement.push({ cluster: "north" });
    t.routes[0]!.product = "payment";
    t.services[0]!.clusters.push("south");
    t.policies.circuitBreakers[0]!.service.name = "credit";
    t.policies.authentication[0]!.gateway = "payments/gw";
    t.successors[0]!.successors.push({ name: "ach", namespace: "payments" });
    const messages = run(unknownReference, t).map((f) => f.message);
    expect(messages).toHaveLength(6);
    expect(messages.join("\n")).toMatch(
      /north[\s\S]*payment[\s\S]*south[\s\S]*credit[\s\S]*payments\/gw[\s\S]*ach/,
    );
  });

  it("flags a product's DNS published from an unknown cluster or pointing at an unknown gateway", () => {
    const t = step("01-payments-gateway");
    t.products[0]!.dns = {
      cluster: "north",
      namespace: "payments",
      ttl: 60,
      stages: [10, 50, 100],
      hosts: [
        {
          host: "payments.my-company.io",
          records: [
            { setIdentifier: "old", gateway: "payments/old-gateway", targets: ["203.0.113.1"], weight: 1 },
          ],
        },
      ],
    };
    const findings = run(unknownReference, t);
    expect(findings.map((f) => f.message)).toEqual([
      "Product payments publishes its DNS records from unknown cluster north.",
      "DNS set old of payments.my-company.io names unknown gateway payments/old-gateway.",
    ]);
    expect(findings[0]!.objects[0]).toMatchObject({ kind: "DNSEndpoint", name: "payments-dns" });
  });
});
