import { describe, expect, it } from "vitest";
import { loadExample } from "@/lib/topology/examples";
import { parseTopology } from "@/lib/topology";
import { analyze, hasErrors } from "@/lib/analysis";
import { renderCluster } from "@/lib/istio";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { requestToTopology } from "./request-to-topology";

const ledger: GatewayRequestPayload = {
  product: "ledger",
  team: "ledger",
  namespace: "ledger",
  hosts: ["ledger.my-company.io"],
  clusters: ["east"],
  tlsSecret: "ledger-tls",
  routes: [{ pathPrefix: "/v1/ledger", service: "ledger", port: 8080 }],
};

describe("requestToTopology", () => {
  it("adds a product, its gateway, route and service to the newest revision", () => {
    const base = loadExample("01-payments-gateway");
    const parsed = parseTopology(requestToTopology(base, ledger));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const t = parsed.topology;
    expect(t.products.map((p) => p.name)).toContain("ledger");
    const gw = t.gateways.find((g) => g.name === "ledger-gateway")!;
    expect(gw).toMatchObject({ namespace: "ledger", mode: "product", product: "ledger" });
    expect(gw.listeners[0]).toMatchObject({ protocol: "HTTPS", tls: { credentialName: "ledger-tls" } });
    expect(t.routes.find((r) => r.host === "ledger.my-company.io")?.gateways).toEqual([
      "ledger/ledger-gateway",
    ]);
    // The rest of the estate is untouched.
    expect(t.gateways.filter((g) => g.name !== "ledger-gateway")).toEqual(base.gateways);
    expect(hasErrors(analyze(t))).toBe(false);
    const objects = renderCluster(t, "east").objects.filter(
      (o) => o.metadata.labels?.["portico.dev/product"] === "ledger",
    );
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(["Gateway", "VirtualService", "Deployment"]),
    );
  });

  it("keeps the other gateways of a host that is already routed (no 404s during cutover)", () => {
    const base = loadExample("00-shared-ingress");
    const payload = {
      ...ledger,
      product: "payments",
      team: "payments",
      namespace: "payments",
      hosts: ["payments.my-company.io"],
      tlsSecret: "payments-tls",
      routes: [{ pathPrefix: "/v1/payments", service: "payments", port: 8080 }],
    };
    const parsed = parseTopology(requestToTopology(base, payload));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const route = parsed.topology.routes.find((r) => r.host === "payments.my-company.io")!;
    expect(route.gateways).toEqual(
      expect.arrayContaining(["istio-system/istio-ingressgateway", "payments/payments-gateway"]),
    );
  });

  it("builds a valid document in an empty estate and for unknown clusters", () => {
    const parsed = parseTopology(
      requestToTopology(null, { ...ledger, tlsSecret: "", clusters: ["north"] }, [
        { name: "north", region: "eu-north-1", zone: "eu-north-1a" },
      ]),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.topology.clusters).toEqual([
      { name: "north", region: "eu-north-1", zone: "eu-north-1a", network: "network1" },
    ]);
    expect(parsed.topology.gateways[0]!.listeners[0]).toMatchObject({ protocol: "HTTP", port: 80 });
  });
});
