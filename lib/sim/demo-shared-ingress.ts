import { type DemoObject } from "./demo-ingress-nginx";

// The routes of east's shared istio-ingressgateway as the product teams wrote them before Portico:
// one VirtualService per product, applied with kubectl. They are what the demo's first import
// reads (the ownership map of Payments and Analytics). lib/import/reference-shared-ingress.ts holds
// the same objects for tests and the journey; a test keeps the two equal.

// Written in this order: Istio merges routes of one host by creation time.
function virtualService(namespace: string, name: string, spec: unknown): DemoObject {
  return {
    group: "networking.istio.io",
    version: "v1",
    resource: "virtualservices",
    object: { metadata: { name, namespace }, spec },
  };
}

export function sharedIngressDemoObjects(domain: string): DemoObject[] {
  return [
    virtualService("payments", "payments", {
      hosts: [`payments.${domain}`],
      gateways: ["istio-system/istio-ingressgateway"],
      http: [
        {
          name: "payments-api",
          match: [{ uri: { prefix: "/v1/payments" } }],
          route: [{ destination: { host: "payments.payments.svc.cluster.local", port: { number: 8080 } } }],
        },
      ],
    }),
    virtualService("analytics-ingest", "analytics", {
      hosts: [`analytics.${domain}`],
      gateways: ["istio-system/istio-ingressgateway"],
      http: [
        {
          name: "ingest",
          match: [{ uri: { prefix: "/v1/events" }, method: { exact: "POST" } }],
          route: [{ destination: { host: "ingest", port: { number: 8080 } } }],
        },
        {
          name: "reports",
          match: [{ uri: { prefix: "/v1/reports" } }],
          route: [
            { destination: { host: "reports.analytics-reports.svc.cluster.local", port: { number: 8080 } } },
          ],
        },
      ],
    }),
  ];
}
