import { type Cluster } from "./cluster";
import {
  INGRESS_NGINX_NAMESPACE,
  INGRESS_NGINX_TLS_SECRETS,
  ingressNginxDemoObjects,
} from "./demo-ingress-nginx";
import { sharedIngressDemoObjects } from "./demo-shared-ingress";
import { type KObject } from "./json";
import { generateCa, issueServerCertificate } from "./tls";
import { backendManifests, namespaceManifest, tlsSecretManifest } from "./workload-manifests";

/** Ways to start the demo broken, to show what Portico catches. */
export interface ScenarioFaults {
  /** Secrets ("ns/name") left out. */
  omitSecrets?: string[];
  /** Deployments ("ns/name") started with zero replicas. */
  zeroReplicas?: string[];
}

/** The shared ingress east starts with: Istio's istio-ingressgateway, or also an ingress-nginx controller. */
export type ScenarioIngress = "istio" | "nginx";

export interface ScenarioOptions {
  ingress?: ScenarioIngress;
  /**
   * The products' VirtualServices on the shared Gateway (default true); false leaves the Gateway
   * without routes, for tests that apply their own under the same names.
   */
  sharedRoutes?: boolean;
}

interface Backend {
  namespace: string;
  name: string;
  version?: string;
}

const EAST_BACKENDS: Backend[] = [
  { namespace: "payments", name: "payments" },
  // Deployed by the payments team ahead of the split (journey step 2).
  { namespace: "payments", name: "direct-deposit" },
  { namespace: "payments", name: "credit-card" },
  { namespace: "analytics-ingest", name: "ingest" },
  { namespace: "analytics-reports", name: "reports" },
  { namespace: "checkout", name: "checkout" },
];

const WEST_BACKENDS: Backend[] = EAST_BACKENDS.filter((b) => b.namespace === "payments");

const DOMAIN = "my-company.io";
const CA_NAME = "my-company-demo-ca";

function rt(c: Cluster, group: string, version: string, resource: string) {
  const r = c.resource(group, version, resource);
  if (!r) throw new Error(`scenario: cluster ${c.name} does not serve ${group}/${version}/${resource}`);
  return r;
}

/**
 * The reference scenario's workloads, as the product teams and the platform team would have left
 * them before Portico: backends and the internal client checkout in east (Payments also in west,
 * for the high-availability step), the TLS certificates each gateway will need, and the shared
 * Gateway of istio-ingressgateway with the products' VirtualServices. Everything is written by "kubectl", not by Portico.
 */
export function seedReferenceScenario(
  clusters: Cluster[],
  faults: ScenarioFaults = {},
  options: ScenarioOptions = {},
): void {
  const east = clusters.find((c) => c.name === "east");
  const west = clusters.find((c) => c.name === "west");
  const ca = generateCa(CA_NAME);
  const omit = new Set(faults.omitSecrets ?? []);
  const zero = new Set(faults.zeroReplicas ?? []);
  if (east) {
    for (const ns of ["payments", "analytics-ingest", "analytics-reports", "analytics-gateway", "checkout"])
      namespace(east, ns);
    for (const b of EAST_BACKENDS) backend(east, b, zero.has(`${b.namespace}/${b.name}`) ? 0 : 1);
    const certs: [string, string, string[]][] = [
      ["istio-system", "my-company-io-tls", [`*.${DOMAIN}`]],
      ["payments", "payments-tls", [`payments.${DOMAIN}`]],
      ["analytics-gateway", "analytics-tls", [`analytics.${DOMAIN}`]],
    ];
    for (const [ns, name, dns] of certs) if (!omit.has(`${ns}/${name}`)) tlsSecret(east, ca, ns, name, dns);
    if (east.addons.istio) {
      caConfigMap(east, ca.cert);
      // external-dns publishes the shared gateway's hosts from its Service, as before the migration.
      const svcRt = rt(east, "", "v1", "services");
      const shared = east.store.get("/services", "istio-system", "istio-ingressgateway");
      if (shared)
        east.internalWrite(
          svcRt,
          {
            ...shared,
            metadata: {
              ...shared.metadata,
              annotations: {
                ...(shared.metadata.annotations ?? {}),
                "external-dns.alpha.kubernetes.io/hostname": `payments.${DOMAIN},analytics.${DOMAIN}`,
                "external-dns.alpha.kubernetes.io/ttl": "30",
              },
            },
          },
          "kubectl-client-side-apply",
        );
      east.internalWrite(
        rt(east, "networking.istio.io", "v1", "gateways"),
        {
          metadata: { name: "istio-ingressgateway", namespace: "istio-system" },
          spec: {
            selector: { istio: "ingressgateway" },
            servers: [
              {
                port: { number: 443, name: "https", protocol: "HTTPS" },
                hosts: [`payments.${DOMAIN}`, `analytics.${DOMAIN}`],
                tls: { mode: "SIMPLE", credentialName: "my-company-io-tls" },
              },
            ],
          },
        },
        "kubectl-client-side-apply",
      );
      // With ingress-nginx, the product teams' routes are its Ingresses instead.
      if (options.ingress !== "nginx" && options.sharedRoutes !== false)
        for (const o of sharedIngressDemoObjects(DOMAIN))
          east.internalWrite(rt(east, o.group, o.version, o.resource), o.object, "kubectl-client-side-apply");
    }
    if (options.ingress === "nginx") seedIngressNginx(east, ca, omit);
  }
  if (west) {
    namespace(west, "payments");
    for (const b of WEST_BACKENDS) backend(west, b, zero.has(`west:${b.namespace}/${b.name}`) ? 0 : 1);
    if (!omit.has("west:payments/payments-tls"))
      tlsSecret(west, ca, "payments", "payments-tls", [`payments.${DOMAIN}`]);
    if (west.addons.istio) caConfigMap(west, ca.cert);
  }
}

function namespace(c: Cluster, name: string): void {
  c.internalWrite(
    rt(c, "", "v1", "namespaces"),
    namespaceManifest(name, { "istio-injection": "enabled" }),
    "kubectl-client-side-apply",
  );
}

function backend(c: Cluster, b: Backend, replicas: number): void {
  const deploy = rt(c, "apps", "v1", "deployments");
  const [deployment, service] = backendManifests(b.namespace, b.name, {
    replicas,
    ...(b.version ? { version: b.version } : {}),
  });
  const d: KObject = c.internalWrite(deploy, deployment, "kubectl-client-side-apply");
  c.internalWrite(rt(c, "", "v1", "services"), service, "kubectl-client-side-apply");
  // Deployed before Portico arrived: ready at once.
  c.markDeploymentReady(deploy, b.namespace, b.name, d.metadata.generation);
}

function tlsSecret(
  c: Cluster,
  ca: { cert: string; key: string },
  ns: string,
  name: string,
  dns: string[],
): void {
  const pair = issueServerCertificate(ca, CA_NAME, dns[0]!, { dns });
  c.internalWrite(rt(c, "", "v1", "secrets"), tlsSecretManifest(ns, name, pair), "kubectl-client-side-apply");
}

/** The demo CA, so that clients can verify the gateways' certificates (curl --cacert). */
function caConfigMap(c: Cluster, cert: string): void {
  c.internalWrite(
    rt(c, "", "v1", "configmaps"),
    { metadata: { name: "my-company-demo-ca", namespace: "istio-system" }, data: { "ca.crt": cert } },
    "kubectl-client-side-apply",
  );
}

/** The ingress-nginx controller (installed by Helm) and the product teams' Ingresses. */
function seedIngressNginx(east: Cluster, ca: { cert: string; key: string }, omit: Set<string>): void {
  namespace(east, INGRESS_NGINX_NAMESPACE);
  for (const { namespace: ns, name } of INGRESS_NGINX_TLS_SECRETS)
    if (!omit.has(`${ns}/${name}`)) tlsSecret(east, ca, ns, name, [`*.${DOMAIN}`]);
  for (const o of ingressNginxDemoObjects(DOMAIN)) {
    const written = east.internalWrite(
      rt(east, o.group, o.version, o.resource),
      o.object,
      o.group === "apps" ? "helm" : "kubectl-client-side-apply",
    );
    if (o.resource === "deployments")
      east.markDeploymentReady(
        rt(east, "apps", "v1", "deployments"),
        written.metadata.namespace,
        written.metadata.name,
        written.metadata.generation,
      );
  }
}
