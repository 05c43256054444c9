import { type Cluster } from "./cluster";
import { type KObject } from "./json";

function rtOf(c: Cluster, group: string, version: string, resource: string) {
  const rt = c.resource(group, version, resource);
  if (!rt) throw new Error(`seed: unknown resource ${group}/${version}/${resource}`);
  return rt;
}

/** What a fresh managed cluster holds: system namespaces, nodes in the cluster's zone, Istio. */
export function seedCluster(c: Cluster): void {
  const ns = rtOf(c, "", "v1", "namespaces");
  const namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];
  if (c.addons.istio) namespaces.push("istio-system");
  for (const name of namespaces) {
    const labels: Record<string, string> = { "kubernetes.io/metadata.name": name };
    c.internalWrite(ns, {
      metadata: { name, labels },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  }
  const nodes = rtOf(c, "", "v1", "nodes");
  for (let i = 1; i <= c.nodeCount; i++) {
    const name = `${c.name}-node-${i}`;
    c.internalWrite(nodes, {
      metadata: {
        name,
        labels: {
          "kubernetes.io/hostname": name,
          "kubernetes.io/os": "linux",
          "kubernetes.io/arch": "amd64",
          "node.kubernetes.io/instance-type": "m5.large",
          "topology.kubernetes.io/zone": c.zone,
          "topology.kubernetes.io/region": c.region,
        },
      },
      spec: { podCIDR: `10.244.${c.index}.0/24` },
      status: {
        conditions: [
          {
            type: "Ready",
            status: "True",
            reason: "KubeletReady",
            message: "kubelet is posting ready status",
          },
        ],
        addresses: [
          { type: "InternalIP", address: `10.0.${c.index}.${i}` },
          { type: "Hostname", address: name },
        ],
        capacity: { cpu: "2", memory: "8Gi", pods: "110" },
        allocatable: { cpu: "1930m", memory: "7Gi", pods: "110" },
        nodeInfo: {
          kubeletVersion: "v1.32.4",
          osImage: "Simulated Linux",
          containerRuntimeVersion: "containerd://1.7.0",
        },
      },
    });
  }
  if (c.addons.istio) seedIstio(c);
  if (c.addons.gatewayApi) {
    c.internalWrite(
      rtOf(c, "gateway.networking.k8s.io", "v1", "gatewayclasses"),
      { metadata: { name: "istio" }, spec: { controllerName: "istio.io/gateway-controller" } },
      "helm",
    );
  }
}

function readyDeployment(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  image: string,
  extraLabels: Record<string, string> = {},
): KObject {
  return {
    metadata: { name, namespace, labels: { ...labels, ...extraLabels } },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels, ...extraLabels } },
        spec: {
          serviceAccountName: name,
          containers: [{ name: name === "istiod" ? "discovery" : "istio-proxy", image }],
        },
      },
    },
  };
}

/** A Service of Istio's install in istio-system, selecting the pods labelled as it is. */
function istioService(
  name: string,
  labels: Record<string, string>,
  type: "ClusterIP" | "LoadBalancer",
  ports: [name: string, port: number, targetPort: number][],
): KObject {
  return {
    metadata: { name, namespace: "istio-system", labels },
    spec: {
      type,
      selector: labels,
      ports: ports.map(([portName, port, targetPort]) => ({
        name: portName,
        port,
        protocol: "TCP",
        targetPort,
      })),
    },
  };
}

function seedIstio(c: Cluster): void {
  const v = c.istioVersion;
  const deploy = rtOf(c, "apps", "v1", "deployments");
  const svc = rtOf(c, "", "v1", "services");
  const sa = rtOf(c, "", "v1", "serviceaccounts");
  const versionLabels = {
    "app.kubernetes.io/version": v,
    "istio.io/rev": "default",
    "operator.istio.io/version": v,
  };
  c.internalWrite(sa, { metadata: { name: "istiod", namespace: "istio-system" } }, "helm");
  c.internalWrite(sa, { metadata: { name: "istio-ingressgateway", namespace: "istio-system" } }, "helm");
  const istiod = c.internalWrite(
    deploy,
    readyDeployment(
      "istiod",
      "istio-system",
      { app: "istiod", istio: "pilot" },
      `docker.io/istio/pilot:${v}`,
      versionLabels,
    ),
    "helm",
  );
  const gw = c.internalWrite(
    deploy,
    readyDeployment(
      "istio-ingressgateway",
      "istio-system",
      { app: "istio-ingressgateway", istio: "ingressgateway" },
      `docker.io/istio/proxyv2:${v}`,
      versionLabels,
    ),
    "helm",
  );
  c.internalWrite(
    svc,
    istioService("istiod", { app: "istiod", istio: "pilot" }, "ClusterIP", [
      ["grpc-xds", 15010, 15010],
      ["https-dns", 15012, 15012],
      ["https-webhook", 443, 15017],
    ]),
    "helm",
  );
  c.internalWrite(
    svc,
    istioService(
      "istio-ingressgateway",
      { app: "istio-ingressgateway", istio: "ingressgateway" },
      "LoadBalancer",
      [
        ["status-port", 15021, 15021],
        ["http2", 80, 8080],
        ["https", 443, 8443],
      ],
    ),
    "helm",
  );
  // Installed components start ready, without waiting for the readiness delay.
  for (const d of [istiod, gw])
    c.markDeploymentReady(deploy, "istio-system", d.metadata.name, d.metadata.generation);
}
