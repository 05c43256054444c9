import { type KObject } from "./json";

// The reference scenario's shared ingress when it starts from ingress-nginx (`--ingress nginx`):
// the controller as its Helm chart installs it, and the Ingresses the product teams wrote for the
// same routes as the Istio shared ingress, with annotations people commonly use.

/** An object to write, with the resource it belongs to. */
export interface DemoObject {
  group: string;
  version: string;
  resource: string;
  object: KObject;
}

export const INGRESS_NGINX_NAMESPACE = "ingress-nginx";
/** Where each Ingress's TLS Secret for *.my-company.io lives: an Ingress reads Secrets of its own namespace. */
export const INGRESS_NGINX_TLS_SECRETS = ["payments", "analytics-ingest", "analytics-reports"].map(
  (namespace) => ({
    namespace,
    name: "my-company-io-tls",
  }),
);

const NGINX = "nginx.ingress.kubernetes.io/";
const CONTROLLER_LABELS = {
  "app.kubernetes.io/name": "ingress-nginx",
  "app.kubernetes.io/instance": "ingress-nginx",
  "app.kubernetes.io/component": "controller",
};

/** The controller's Deployment and its Service, as the chart names them. */
const CONTROLLER_METADATA = {
  name: "ingress-nginx-controller",
  namespace: INGRESS_NGINX_NAMESPACE,
  labels: CONTROLLER_LABELS,
};

interface IngressPath {
  path: string;
  pathType: string;
  service: string;
}

function ingress(
  namespace: string,
  name: string,
  host: string,
  paths: IngressPath[],
  annotations: Record<string, string>,
  tls: boolean,
): DemoObject {
  return {
    group: "networking.k8s.io",
    version: "v1",
    resource: "ingresses",
    object: {
      metadata: {
        name,
        namespace,
        annotations: Object.fromEntries(Object.entries(annotations).map(([k, v]) => [NGINX + k, v])),
      },
      spec: {
        ingressClassName: "nginx",
        ...(tls ? { tls: [{ hosts: [host], secretName: "my-company-io-tls" }] } : {}),
        rules: [
          {
            host,
            http: {
              paths: paths.map((p) => ({
                path: p.path,
                pathType: p.pathType,
                backend: { service: { name: p.service, port: { number: 8080 } } },
              })),
            },
          },
        ],
      },
    },
  };
}

export function ingressNginxDemoObjects(domain: string): DemoObject[] {
  const payments = `payments.${domain}`;
  const analytics = `analytics.${domain}`;
  return [
    {
      group: "networking.k8s.io",
      version: "v1",
      resource: "ingressclasses",
      object: {
        metadata: { name: "nginx", labels: CONTROLLER_LABELS },
        spec: { controller: "k8s.io/ingress-nginx" },
      },
    },
    {
      group: "apps",
      version: "v1",
      resource: "deployments",
      object: {
        metadata: CONTROLLER_METADATA,
        spec: {
          replicas: 1,
          selector: { matchLabels: CONTROLLER_LABELS },
          template: {
            metadata: { labels: CONTROLLER_LABELS },
            spec: {
              serviceAccountName: "ingress-nginx",
              containers: [
                {
                  name: "controller",
                  image: "registry.k8s.io/ingress-nginx/controller:v1.12.1",
                  args: [
                    "/nginx-ingress-controller",
                    "--election-id=ingress-nginx-leader",
                    "--controller-class=k8s.io/ingress-nginx",
                    "--ingress-class=nginx",
                    "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller",
                  ],
                  ports: [
                    { name: "http", containerPort: 80, protocol: "TCP" },
                    { name: "https", containerPort: 443, protocol: "TCP" },
                  ],
                },
              ],
            },
          },
        },
      },
    },
    {
      group: "",
      version: "v1",
      resource: "services",
      object: {
        metadata: CONTROLLER_METADATA,
        spec: {
          type: "LoadBalancer",
          selector: CONTROLLER_LABELS,
          ports: [
            { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
            { name: "https", port: 443, targetPort: "https", protocol: "TCP" },
          ],
        },
      },
    },
    ingress(
      "payments",
      "payments",
      payments,
      [{ path: "/v1/payments", pathType: "Prefix", service: "payments" }],
      {
        "ssl-redirect": "true",
        "proxy-read-timeout": "30",
        "enable-cors": "true",
        "cors-allow-origin": `https://*.${domain}`,
      },
      true,
    ),
    // The payments team's preview of the split: `x-canary: always` reaches credit-card.
    ingress(
      "payments",
      "payments-canary",
      payments,
      [{ path: "/v1/payments", pathType: "Prefix", service: "credit-card" }],
      { canary: "true", "canary-by-header": "x-canary", "canary-weight": "0" },
      false,
    ),
    // Note: an Ingress cannot match a method, so POST-only /v1/events of the Istio ingress is any method here.
    ingress(
      "analytics-ingest",
      "analytics-ingest",
      analytics,
      [{ path: "/v1/events", pathType: "Prefix", service: "ingest" }],
      { "proxy-body-size": "8m" },
      true,
    ),
    // A rewrite that keeps the path; it makes every path of the host a case-insensitive regex.
    ingress(
      "analytics-reports",
      "analytics-reports",
      analytics,
      [{ path: "/v1/reports(.*)", pathType: "ImplementationSpecific", service: "reports" }],
      { "use-regex": "true", "rewrite-target": "/v1/reports$1", "proxy-read-timeout": "120" },
      true,
    ),
  ];
}
