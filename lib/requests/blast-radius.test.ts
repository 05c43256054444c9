import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { blastRadius } from "./blast-radius";

const payments = {
  product: "payments",
  team: "payments",
  namespace: "payments",
  hosts: ["payments.my-company.io"],
  clusters: ["east"],
  routes: [{ pathPrefix: "/", service: "payments", port: 8080 }],
};

describe("blastRadius", () => {
  it("names existing hosts, their internal clients and products sharing the gateway", () => {
    const r = blastRadius(loadExample("00-shared-ingress"), payments, ["east"]);
    expect(r.existingHosts).toEqual([
      expect.objectContaining({
        host: "payments.my-company.io",
        product: "payments",
        gateways: expect.arrayContaining(["istio-system/istio-ingressgateway"]),
      }),
    ]);
    expect(r.clients.map((c) => c.name)).toContain("checkout");
    expect(r.sharedGateways).toEqual([
      { gateway: "istio-system/istio-ingressgateway", products: ["analytics"] },
    ]);
    expect(r.productionClusters).toEqual(["east"]);
  });

  it("is empty for a new host in a new namespace", () => {
    const r = blastRadius(loadExample("01-payments-gateway"), {
      ...payments,
      product: "ledger",
      team: "ledger",
      namespace: "ledger",
      hosts: ["ledger.my-company.io"],
    });
    expect(r).toEqual({
      existingHosts: [],
      clients: [],
      sharedGateways: [],
      sharedNamespaces: [],
      productionClusters: [],
    });
  });

  it("names products already living in the requested namespace", () => {
    const r = blastRadius(loadExample("01-payments-gateway"), {
      ...payments,
      product: "ledger",
      namespace: "payments",
      hosts: ["ledger.my-company.io"],
    });
    expect(r.sharedNamespaces).toEqual([{ namespace: "payments", products: ["payments"] }]);
  });
});
