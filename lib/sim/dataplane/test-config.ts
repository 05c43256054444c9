// Plain-object builders for router tests: a ClusterConfig snapshot, objects of any kind, workloads,
// requests and a deterministic weighted pick. Generic on purpose, so every router's tests share it.
import { type KObject } from "../json";
import { type ClusterConfig, type InboundRequest, type Pick, type Workload } from "./types";

export function emptyConfig(): ClusterConfig {
  return {
    cluster: "east",
    zone: "us-east-1a",
    region: "us-east-1",
    gateways: [],
    virtualServices: [],
    destinationRules: [],
    serviceEntries: [],
    namespaces: [],
    services: [],
    deployments: [],
    pods: [],
    secrets: [],
    k8sGateways: [],
    httpRoutes: [],
    referenceGrants: [],
    gatewayClasses: [],
    ingresses: [],
    ingressClasses: [],
    dnsEndpoints: [],
  };
}

/** Objects whose creationTimestamp is left out get increasing ones, one second apart, in build order. */
let clock = Date.parse("2026-01-01T00:00:00Z");
function nextTimestamp(): string {
  clock += 1000;
  return new Date(clock).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface ObjectOptions {
  /** RFC 3339; defaults to one second after the previous object built. */
  creationTimestamp?: string;
  labels?: Record<string, string>;
}

/** Any namespaced object: `ref` is "namespace/name". */
export function object(
  apiVersion: string,
  kind: string,
  ref: string,
  spec: KObject,
  opts: ObjectOptions = {},
): KObject {
  const [namespace, name] = ref.split("/") as [string, string];
  return {
    apiVersion,
    kind,
    metadata: {
      namespace,
      name,
      creationTimestamp: opts.creationTimestamp ?? nextTimestamp(),
      ...(opts.labels ? { labels: opts.labels } : {}),
    },
    spec,
  };
}

const ISTIO = "networking.istio.io/v1";

export const istioGateway = (ref: string, spec: KObject, opts?: ObjectOptions) =>
  object(ISTIO, "Gateway", ref, spec, opts);
export const virtualService = (ref: string, spec: KObject, opts?: ObjectOptions) =>
  object(ISTIO, "VirtualService", ref, spec, opts);
export const serviceEntry = (ref: string, spec: KObject, opts?: ObjectOptions) =>
  object(ISTIO, "ServiceEntry", ref, spec, opts);
export const destinationRule = (ref: string, spec: KObject, opts?: ObjectOptions) =>
  object(ISTIO, "DestinationRule", ref, spec, opts);

/** A ClusterIP Service exposing `ports` (port = targetPort unless given as [port, targetPort]). */
export function service(
  ref: string,
  ports: (number | [number, number])[] = [80],
  selector?: Record<string, string>,
) {
  const name = ref.split("/")[1]!;
  return object("v1", "Service", ref, {
    selector: selector ?? { app: name },
    ports: ports.map((p) => {
      const [port, targetPort] = Array.isArray(p) ? p : [p, p];
      return { name: `http-${port}`, port, targetPort, protocol: "TCP" };
    }),
  });
}

export function workload(ref: string, labels: Record<string, string>): Workload {
  const [namespace, name] = ref.split("/") as [string, string];
  return { namespace, name, labels };
}

/**
 * A request: `url` is "http://host[:port]/path?query" or "https://..." (then TLS, with the host as
 * SNI unless `sni` says otherwise). `targetPort` defaults to the port.
 */
export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; sni?: string; targetPort?: number } = {},
): InboundRequest {
  const m = /^(https?):\/\/([^/:?]+)(?::(\d+))?(.*)$/.exec(url);
  if (!m) throw new Error(`not a URL: ${url}`);
  const tls = m[1] === "https";
  const port = m[3] ? Number(m[3]) : tls ? 443 : 80;
  const host = m[2]!.toLowerCase();
  const headers = Object.fromEntries(
    Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    port,
    targetPort: opts.targetPort ?? port,
    tls,
    sni: tls ? (opts.sni ?? host) : undefined,
    method: (opts.method ?? "GET").toUpperCase(),
    host,
    path: m[4] || "/",
    headers: { host, ...headers },
  };
}

/** Always the first item: deterministic routing for single-destination cases. */
export const firstPick: Pick = (items) => items[0]!;

/** The item a uniform random draw `r` in [0, 1) lands on, as a weighted pick would choose. */
export function pickAt(r: number): Pick {
  return (items) => {
    const total = items.reduce((n, i) => n + i.weight, 0);
    let left = r * total;
    for (const item of items) {
      left -= item.weight;
      if (left < 0) return item;
    }
    return items[items.length - 1]!;
  };
}

// Which ClusterConfig list an object belongs to, by apiVersion group and kind.
const LIST_OF: Record<string, keyof ClusterConfig> = {
  "networking.istio.io/Gateway": "gateways",
  "networking.istio.io/VirtualService": "virtualServices",
  "networking.istio.io/DestinationRule": "destinationRules",
  "networking.istio.io/ServiceEntry": "serviceEntries",
  "/Namespace": "namespaces",
  "/Service": "services",
  "/Pod": "pods",
  "/Secret": "secrets",
  "apps/Deployment": "deployments",
  "gateway.networking.k8s.io/Gateway": "k8sGateways",
  "gateway.networking.k8s.io/HTTPRoute": "httpRoutes",
  "gateway.networking.k8s.io/ReferenceGrant": "referenceGrants",
  "gateway.networking.k8s.io/GatewayClass": "gatewayClasses",
  "networking.k8s.io/Ingress": "ingresses",
  "networking.k8s.io/IngressClass": "ingressClasses",
};

/** A snapshot holding these objects, each put in the list of its kind. */
export function configWith(...objects: KObject[]): ClusterConfig {
  const config = emptyConfig();
  for (const obj of objects) {
    const apiVersion = String(obj.apiVersion ?? "");
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
    const list = LIST_OF[`${group}/${obj.kind}`];
    if (!list) throw new Error(`no ClusterConfig list for ${apiVersion} ${obj.kind}`);
    (config[list] as KObject[]).push(obj);
  }
  return config;
}
