// Small builders of plain Kubernetes objects for the Gateway API router, status and deployer tests.
import { type KObject } from "../json";
import { emptyConfig } from "./test-config";
import { type ClusterConfig, type InboundRequest, type Pick } from "./types";

export function clusterConfig(parts: Partial<ClusterConfig> = {}): ClusterConfig {
  return { ...emptyConfig(), gatewayClasses: [istioClass()], ...parts };
}

function meta(namespace: string | undefined, name: string, extra: KObject = {}): KObject {
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    uid: `uid-${namespace ?? ""}-${name}`,
    generation: 1,
    creationTimestamp: "2026-01-01T00:00:00Z",
    ...extra,
  };
}

export function istioClass(): KObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "GatewayClass",
    metadata: meta(undefined, "istio"),
    spec: { controllerName: "istio.io/gateway-controller" },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: meta(undefined, name, { labels: { "kubernetes.io/metadata.name": name, ...labels } }),
  };
}

export function service(ns: string, name: string, ports: number[] = [8080], extra: KObject = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(ns, name),
    spec: { selector: { app: name }, ports: ports.map((port) => ({ name: `http-${port}`, port })), ...extra },
  };
}

export function tlsSecret(ns: string, name: string): KObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/tls",
    metadata: meta(ns, name),
    data: { "tls.crt": "Y2VydA==", "tls.key": "a2V5" },
  };
}

export function gateway(ns: string, name: string, listeners: KObject[], extra: KObject = {}): KObject {
  const { metadata, spec, ...rest } = extra;
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: meta(ns, name, metadata),
    spec: { gatewayClassName: "istio", listeners, ...spec },
    ...rest,
  };
}

export function httpRoute(ns: string, name: string, spec: KObject, metadata: KObject = {}): KObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: meta(ns, name, metadata),
    spec,
  };
}

/** A ReferenceGrant in `ns` letting HTTPRoutes of `fromNs` reference its Services. */
export function serviceGrant(ns: string, fromNs: string): KObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1beta1",
    kind: "ReferenceGrant",
    metadata: meta(ns, `from-${fromNs}`),
    spec: {
      from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: fromNs }],
      to: [{ group: "", kind: "Service" }],
    },
  };
}

export function request(host: string, path: string, extra: Partial<InboundRequest> = {}): InboundRequest {
  return { port: 80, targetPort: 80, tls: false, method: "GET", host, path, headers: {}, ...extra };
}

/** Always the first item: weight handling is checked through `pickAt`. */
export const pickFirst: Pick = (items) => items[0]!;

/** Picks the item whose cumulative weight covers `at` (0 ≤ at < total): a deterministic draw. */
export function pickAt(at: number): Pick {
  return (items) => {
    let acc = 0;
    for (const item of items) {
      acc += item.weight;
      if (at < acc) return item;
    }
    return items[items.length - 1]!;
  };
}
