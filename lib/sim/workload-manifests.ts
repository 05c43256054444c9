// Manifests of what product teams deploy themselves, never Portico: a backend (Deployment and its
// Service) and a TLS Secret. The reference scenario writes them into the simulated clusters, the
// end-to-end tests apply them with kubectl, and the sync benchmark gives its synthetic estate them.

/** A Kubernetes object as a manifest (kubectl apply, server-side apply, a store write). */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
};

export type BackendOptions = {
  /** Default 1. */
  replicas?: number;
  /** The pods' `version` label (default "v1"). */
  version?: string;
};

/** Deployment and Service `name` in `namespace`, port 8080 named http, selected by `app: name`. */
export function backendManifests(
  namespace: string,
  name: string,
  options: BackendOptions = {},
): [deployment: Manifest, service: Manifest] {
  const app = { app: name };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace, labels: app },
      spec: {
        replicas: options.replicas ?? 1,
        selector: { matchLabels: app },
        template: {
          metadata: {
            labels: { ...app, version: options.version ?? "v1" },
            annotations: { "sidecar.istio.io/inject": "true" },
          },
          spec: {
            serviceAccountName: "default",
            containers: [
              {
                name,
                image: "ghcr.io/portico-demo/echo:1.0",
                ports: [{ containerPort: 8080, name: "http" }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace, labels: app },
      spec: {
        type: "ClusterIP",
        selector: app,
        ports: [{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }],
      },
    },
  ];
}

/** A `kubernetes.io/tls` Secret holding a PEM certificate and key. */
export function tlsSecretManifest(
  namespace: string,
  name: string,
  pair: { cert: string; key: string },
): Manifest {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace },
    type: "kubernetes.io/tls",
    data: {
      "tls.crt": Buffer.from(pair.cert).toString("base64"),
      "tls.key": Buffer.from(pair.key).toString("base64"),
    },
  };
}

export function namespaceManifest(name: string, labels?: Record<string, string>): Manifest {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, ...(labels ? { labels } : {}) } };
}
