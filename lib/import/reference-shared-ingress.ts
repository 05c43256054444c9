import type { K8sObject } from "@/lib/topology";

// The shared ingress of cluster east in the reference scenario, as a platform team would have
// written it by hand: one Gateway in istio-system, one VirtualService per product, and the backend
// Services. Tests, the journey end-to-end test and demos load it into (simulated) clusters.

const vs = (
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  createdAt: string,
): K8sObject => ({
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: { name, namespace, creationTimestamp: createdAt },
  spec,
});

const svc = (namespace: string, name: string): K8sObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace, labels: { app: name } },
  spec: { selector: { app: name }, ports: [{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }] },
});

const ns = (name: string): K8sObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });

export const REFERENCE_NAMESPACES: K8sObject[] = [
  "payments",
  "analytics-ingest",
  "analytics-reports",
  "checkout",
].map(ns);

export const REFERENCE_SHARED_INGRESS: K8sObject[] = [
  {
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
  },
  vs(
    "payments",
    "payments",
    {
      hosts: ["payments.my-company.io"],
      gateways: ["istio-system/istio-ingressgateway"],
      http: [
        {
          name: "payments-api",
          match: [{ uri: { prefix: "/v1/payments" } }],
          route: [{ destination: { host: "payments.payments.svc.cluster.local", port: { number: 8080 } } }],
        },
      ],
    },
    "2025-01-10T09:00:00Z",
  ),
  vs(
    "analytics-ingest",
    "analytics",
    {
      hosts: ["analytics.my-company.io"],
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
    },
    "2025-02-03T12:00:00Z",
  ),
  svc("payments", "payments"),
  svc("analytics-ingest", "ingest"),
  svc("analytics-reports", "reports"),
];
