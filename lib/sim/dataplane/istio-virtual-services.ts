// VirtualServices as istiod indexes them before building any route: short names resolved, sorted
// by creation, and listed per gateway in the order istiod hands them to the route builder.
import { type KObject } from "../json";
import { type ClusterConfig } from "./types";
import { byCreation } from "./istio-creation-order";
import { resolveShortname } from "./istio-hosts";

/** The name a VirtualService uses to bind to every sidecar. */
export const MESH_GATEWAY = "mesh";

/** One VirtualService with its names resolved relative to its namespace (ResolveVirtualServiceShortnames). */
export interface IstioVirtualService {
  namespace: string;
  name: string;
  /** "namespace/name", as RouteDecision.routeObject. */
  ref: string;
  /** Fully qualified (or wildcard) hosts. */
  hosts: string[];
  /** "ns/name" of each bound Gateway, or "mesh"; ["mesh"] when the field is absent. */
  gateways: string[];
  /** Namespaces it is exported to, with "." resolved; "*" public, "~" nobody. */
  exportTo: string[];
  spec: KObject;
}

/**
 * Istio's resolveGatewayName: "name" and "./name" are in the VirtualService's namespace, "ns/name"
 * as written, and the legacy "name.ns.svc.cluster.local" becomes "ns/name".
 */
export function resolveGatewayName(name: string, namespace: string): string {
  if (name === MESH_GATEWAY) return name;
  const slash = name.indexOf("/");
  if (slash >= 0) return name.startsWith("./") ? `${namespace}/${name.slice(2)}` : name;
  const dot = name.indexOf(".");
  if (dot < 0) return `${namespace}/${name}`;
  const rest = name.slice(dot + 1);
  const next = rest.indexOf(".");
  return `${next < 0 ? rest : rest.slice(0, next)}/${name.slice(0, dot)}`;
}

function toVirtualService(obj: KObject): IstioVirtualService {
  const namespace: string = obj.metadata?.namespace ?? "default";
  const name: string = obj.metadata?.name ?? "";
  const spec: KObject = obj.spec ?? {};
  const gateways: string[] = Array.isArray(spec.gateways) && spec.gateways.length > 0 ? spec.gateways : [];
  const exportTo: string[] = Array.isArray(spec.exportTo) && spec.exportTo.length > 0 ? spec.exportTo : ["*"];
  return {
    namespace,
    name,
    ref: `${namespace}/${name}`,
    hosts: (Array.isArray(spec.hosts) ? (spec.hosts as string[]) : []).map((h) =>
      resolveShortname(h, namespace),
    ),
    gateways: gateways.length > 0 ? gateways.map((g) => resolveGatewayName(g, namespace)) : [MESH_GATEWAY],
    exportTo: exportTo.map((e) => (e === "." ? namespace : e)),
    spec,
  };
}

// A snapshot's arrays never change, so the sorted view is computed once per snapshot.
const sortedBySnapshot = new WeakMap<KObject[], IstioVirtualService[]>();

/**
 * Every VirtualService that defines hosts, oldest first (istiod's MergedVirtualServices order).
 * Delegate VirtualServices (no hosts) are left out, as istiod does; delegation is not emulated.
 */
export function sortedVirtualServices(config: ClusterConfig): IstioVirtualService[] {
  const cached = sortedBySnapshot.get(config.virtualServices);
  if (cached) return cached;
  const out = [...config.virtualServices]
    .sort(byCreation)
    .map(toVirtualService)
    .filter((vs) => vs.hosts.length > 0);
  sortedBySnapshot.set(config.virtualServices, out);
  return out;
}

/**
 * Istio's VirtualServicesForGateway: the VirtualServices bound to `gateway` ("ns/name" or "mesh")
 * that a proxy in `proxyNamespace` may see. Note: istiod lists them by visibility first, each group
 * oldest first: private to the proxy's namespace, then exported to it by name, then public ("*").
 * That order is the order their rules are merged in, so a private VirtualService's rules come before
 * an older public one's.
 */
export function virtualServicesForGateway(
  config: ClusterConfig,
  proxyNamespace: string,
  gateway: string,
): IstioVirtualService[] {
  const privateOnes: IstioVirtualService[] = [];
  const exported: IstioVirtualService[] = [];
  const publicOnes: IstioVirtualService[] = [];
  for (const vs of sortedVirtualServices(config)) {
    if (!vs.gateways.includes(gateway)) continue;
    if (vs.exportTo.includes("*")) publicOnes.push(vs);
    else if (vs.exportTo.includes("~") || !vs.exportTo.includes(proxyNamespace)) continue;
    else if (vs.namespace === proxyNamespace) privateOnes.push(vs);
    else exported.push(vs);
  }
  return [...privateOnes, ...exported, ...publicOnes];
}
