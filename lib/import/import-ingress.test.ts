import { describe, expect, it } from "vitest";
import { analyze, hasErrors } from "@/lib/analysis";
import type { K8sObject, Topology } from "@/lib/topology";
import { loadExample } from "@/lib/topology/examples";
import { commonDomain, importIngress } from "./import-ingress";
import { REFERENCE_SHARED_INGRESS } from "./reference-shared-ingress";

const step0 = loadExample("00-shared-ingress");
const east = step0.clusters[0]!;
const west = step0.clusters[1]!;

function withoutClientsAndNames(t: Topology) {
  const c = structuredClone(t);
  c.clients = [];
  c.metadata = { name: c.metadata.name };
  for (const p of c.products) delete p.displayName;
  return c;
}

const codes = (objects: K8sObject[], extra: Partial<Parameters<typeof importIngress>[0]> = {}) =>
  importIngress({ objects, cluster: east, servicesRead: true, ...extra }).findings.map((f) => f.code);

describe("importIngress on the reference cluster", () => {
  it("reads east's shared ingress into the topology of docs/examples/00 (without its internal clients)", () => {
    const r = importIngress({
      objects: REFERENCE_SHARED_INGRESS,
      cluster: east,
      knownClusters: [east, west],
      servicesRead: true,
    });
    expect(withoutClientsAndNames(r.proposal)).toEqual(withoutClientsAndNames(step0));
    expect(r.findings).toEqual([]);
    expect(hasErrors(analyze(r.proposal))).toBe(false);
  });

  it("proposes owners from the DNS label and the namespaces, and says why", () => {
    const r = importIngress({ objects: REFERENCE_SHARED_INGRESS, cluster: east, servicesRead: true });
    expect(r.owners).toEqual([
      {
        host: "analytics.my-company.io",
        product: "analytics",
        team: "analytics",
        reason: expect.stringMatching(/first DNS label.*namespace analytics-ingest starts with it/),
      },
      {
        host: "payments.my-company.io",
        product: "payments",
        team: "payments",
        reason: expect.stringMatching(/first DNS label/),
      },
    ]);
  });

  it("keeps the owners of the current revision and merges into it without duplicates", () => {
    const current = structuredClone(step0);
    current.products[0]!.name = "money";
    current.products[0]!.teams = ["fin"];
    for (const x of [...current.routes, ...current.services])
      if (x.product === "payments") x.product = "money";
    const r = importIngress({
      objects: REFERENCE_SHARED_INGRESS,
      cluster: east,
      current,
      servicesRead: true,
    });
    expect(r.owners.find((o) => o.host === "payments.my-company.io")).toMatchObject({
      product: "money",
      team: "fin",
      reason: expect.stringMatching(/already owned/),
    });
    expect(r.proposal.routes).toHaveLength(2);
    expect(r.proposal.services).toHaveLength(3);
    expect(r.proposal.clients).toEqual(step0.clients);
  });

  it("applies the owners the user chose", () => {
    const r = importIngress({
      objects: REFERENCE_SHARED_INGRESS,
      cluster: east,
      owners: [{ host: "analytics.my-company.io", product: "insights", team: "data" }],
    });
    expect(r.owners.find((o) => o.host === "analytics.my-company.io")).toEqual({
      host: "analytics.my-company.io",
      product: "insights",
      team: "data",
      reason: "chosen by you",
    });
    expect(r.proposal.products.find((p) => p.name === "insights")).toMatchObject({
      teams: ["data"],
      namespaces: ["analytics-ingest", "analytics-reports"],
    });
    expect(r.proposal.routes.find((x) => x.host === "analytics.my-company.io")!.product).toBe("insights");
  });
});

describe("importIngress risky patterns", () => {
  const gw = (name: string, spec: Record<string, unknown>, namespace = "istio-system"): K8sObject => ({
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name, namespace },
    spec,
  });
  const vs = (
    namespace: string,
    name: string,
    spec: Record<string, unknown>,
    at = "2025-01-01T00:00:00Z",
  ): K8sObject => ({
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name, namespace, creationTimestamp: at },
    spec,
  });
  const shared = gw("istio-ingressgateway", {
    selector: { istio: "ingressgateway" },
    servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }],
  });
  const route = (host: string, dest: string) => ({
    hosts: [host],
    gateways: ["istio-system/istio-ingressgateway"],
    http: [{ route: [{ destination: { host: dest } }] }],
  });

  it("flags host * on gateways and routes", () => {
    expect(codes([shared, vs("shop", "catch-all", route("*", "shop"))])).toEqual([
      "PTI001",
      "PTI001",
      "PTI006",
    ]);
  });

  it("flags a Gateway without selector (and imports it, so the analyzer reports it too)", () => {
    const r = importIngress({
      objects: [
        gw(
          "legacy",
          {
            servers: [
              { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["shop.my-company.io"] },
            ],
          },
          "shop",
        ),
        vs("shop", "shop", { ...route("shop.my-company.io", "shop"), gateways: ["legacy"] }),
      ],
      cluster: east,
    });
    expect(r.findings.map((f) => f.code)).toEqual(["PTI002"]);
    expect(analyze(r.proposal).map((f) => f.code)).toContain("PTC003");
  });

  it("flags several VirtualServices merging on one host, in creation order", () => {
    const r = importIngress({
      objects: [
        shared,
        vs("shop", "b-second", route("shop.my-company.io", "cart"), "2025-03-01T00:00:00Z"),
        vs("shop", "a-first", route("shop.my-company.io", "shop"), "2025-04-01T00:00:00Z"),
      ],
      cluster: east,
    });
    const f = r.findings.find((x) => x.code === "PTI003")!;
    expect(f.message).toMatch(/VirtualService shop\/b-second, VirtualService shop\/a-first/);
    expect(r.proposal.routes.map((x) => x.name)).toEqual(["b-second", "a-first"]);
  });

  it("flags Ingress rules without host and imports the others onto the Istio gateway", () => {
    const ingress: K8sObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "shop", namespace: "shop" },
      spec: {
        ingressClassName: "istio",
        tls: [{ hosts: ["shop.my-company.io"], secretName: "shop-cert" }],
        rules: [
          {
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "shop", port: { number: 80 } } },
                },
              ],
            },
          },
          {
            host: "shop.my-company.io",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "shop", port: { number: 80 } } },
                },
                {
                  path: "/health",
                  pathType: "Exact",
                  backend: { service: { name: "health", port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    };
    const r = importIngress({ objects: [ingress], cluster: east });
    expect(r.findings.map((f) => f.code)).toEqual(["PTI004"]);
    const gwModel = r.proposal.gateways[0]!;
    expect(gwModel).toMatchObject({
      namespace: "istio-system",
      name: "istio-ingressgateway",
      selector: { istio: "ingressgateway" },
    });
    expect(gwModel.listeners).toEqual([
      {
        name: "https",
        port: 443,
        protocol: "HTTPS",
        hosts: ["shop.my-company.io"],
        tls: { mode: "SIMPLE", credentialName: "shop-cert" },
      },
    ]);
    expect(r.proposal.routes[0]!.http.map((h) => h.match[0]!.path)).toEqual([
      { exact: "/health" },
      { prefix: "/" },
    ]);
    expect(r.owners[0]).toMatchObject({ host: "shop.my-company.io", product: "shop" });
  });

  it("leaves out what it cannot express, with a finding instead of a wider rule", () => {
    const r = importIngress({
      objects: [
        shared,
        vs("shop", "shop", {
          hosts: ["shop.my-company.io"],
          gateways: ["istio-system/istio-ingressgateway"],
          http: [
            { name: "old", match: [{ uri: { prefix: "/old" } }], directResponse: { status: 410 } },
            { name: "moved", match: [{ uri: { prefix: "/moved" } }], redirect: { uri: "/new" } },
            { name: "by-port", match: [{ port: 8080 }], route: [{ destination: { host: "shop" } }] },
            { name: "ext", route: [{ destination: { host: "api.partner.com" } }] },
            { name: "main", route: [{ destination: { host: "shop" } }] },
          ],
        }),
      ],
      cluster: east,
    });
    expect(r.findings.filter((f) => f.code === "PTI005").map((f) => f.message)).toEqual([
      expect.stringMatching(/rule by-port uses matches on port/),
      expect.stringMatching(/rule ext routes to api.partner.com/),
      expect.stringMatching(/rule old answers directly/),
    ]);
    // Redirects are part of the API: they are imported.
    expect(r.proposal.routes[0]!.http.map((h) => h.name)).toEqual(["moved", "main"]);
    expect(r.proposal.routes[0]!.http[0]!.redirect).toEqual({ uri: "/new", code: 301 });
  });

  it("skips objects Portico renders itself and Gateways of product gateways", () => {
    const managed = {
      ...vs("payments", "payments", route("payments.my-company.io", "payments")),
      metadata: {
        name: "payments",
        namespace: "payments",
        labels: { "app.kubernetes.io/managed-by": "portico" },
      },
    };
    const productGw = gw(
      "payments-gateway",
      {
        selector: { istio: "payments-gateway" },
        servers: [
          { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["payments.my-company.io"] },
        ],
      },
      "payments",
    );
    const r = importIngress({ objects: [shared, managed, productGw], cluster: east });
    expect(r.findings.map((f) => f.code)).toEqual(["PTI001", "PTI007"]);
    expect(r.proposal.routes).toEqual([]);
    expect(r.proposal.gateways.map((g) => g.name)).toEqual(["istio-ingressgateway"]);
  });
});

describe("commonDomain", () => {
  it("finds the company domain", () => {
    expect(commonDomain(["payments.my-company.io", "analytics.my-company.io"])).toBe("my-company.io");
    expect(commonDomain(["a.example.com", "b.other.org"])).toBeUndefined();
  });
});
