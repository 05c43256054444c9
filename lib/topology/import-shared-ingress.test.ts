import { describe, expect, it } from "vitest";
import { loadExample } from "./examples";
import { importSharedIngress } from "./import-shared-ingress";
import type { K8sObject } from "./k8s-object";
import { renderCluster } from "@/lib/istio/render-cluster";
import { checkContract } from "@/lib/analysis/contract/check-contract";
import { analyze } from "@/lib/analysis/analyze";

const cluster = { name: "east", region: "us-east-1", zone: "us-east-1a", network: "network-east" };

/** What the shared ingress of the reference scenario looks like in the cluster. */
function liveSharedIngress(): K8sObject[] {
  const t = loadExample("00-shared-ingress");
  const vs = renderCluster(t, "east").objects.filter((o) => o.kind === "VirtualService");
  const gateway: K8sObject = {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name: "istio-ingressgateway", namespace: "istio-system" },
    spec: {
      selector: { istio: "ingressgateway" },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          hosts: ["payments.my-company.io", "analytics.my-company.io"],
          tls: { mode: "SIMPLE", credentialName: "my-company-io-tls" },
        },
      ],
    },
  };
  return [gateway, ...vs];
}

describe("importSharedIngress", () => {
  it("imports the shared gateway and its routes with an ownership map by product", () => {
    const r = importSharedIngress(liveSharedIngress(), { cluster, domain: "my-company.io" });
    expect(r.errors).toEqual([]);
    const t = r.topology!;
    expect(t.gateways.map((g) => `${g.mode} ${g.namespace}/${g.name}`)).toEqual([
      "shared istio-system/istio-ingressgateway",
    ]);
    expect(t.products.map((p) => [p.name, p.namespaces, p.hosts])).toEqual([
      ["analytics", ["analytics-ingest", "analytics-reports"], ["analytics.my-company.io"]],
      ["payments", ["payments"], ["payments.my-company.io"]],
    ]);
    expect(r.ownership).toContainEqual({
      host: "payments.my-company.io",
      path: "prefix /v1/payments",
      product: "payments",
      source: "VirtualService payments/payments",
    });
    expect(analyze(t).filter((f) => f.severity === "error")).toEqual([]);
  });

  it("keeps the API: the import routes exactly what the reference document routes", () => {
    const r = importSharedIngress(liveSharedIngress(), { cluster, domain: "my-company.io" });
    const withWest = { ...r.topology!, clusters: loadExample("00-shared-ingress").clusters };
    expect(checkContract(loadExample("00-shared-ingress"), withWest).broken).toEqual([]);
    expect(checkContract(withWest, loadExample("00-shared-ingress")).broken).toEqual([]);
  });

  it("imports Ingress objects and notes what it cannot represent", () => {
    const ingress: K8sObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "shop", namespace: "shop" },
      spec: {
        ingressClassName: "nginx",
        rules: [
          {
            host: "shop.my-company.io",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "web", port: { number: 80 } } },
                },
              ],
            },
          },
          { http: { paths: [] } },
        ],
      },
    };
    const r = importSharedIngress([...liveSharedIngress(), ingress], { cluster, domain: "my-company.io" });
    expect(r.errors).toEqual([]);
    expect(r.topology!.routes.find((x) => x.host === "shop.my-company.io")!.gateways).toEqual([
      "ingress-nginx/nginx",
    ]);
    expect(r.notes.join("\n")).toMatch(/without host/);
    expect(r.notes.join("\n")).toMatch(/nginx is not Istio/);
    expect(r.ownership).toContainEqual({
      host: "shop.my-company.io",
      path: "prefix /",
      product: "shop",
      source: "Ingress shop/shop",
    });
  });
});
