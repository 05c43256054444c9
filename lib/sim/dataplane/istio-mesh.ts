// HTTP routing in a client's sidecar: the name the client called, resolved as the pod's DNS would,
// then the VirtualService bound to "mesh" for that host, or the host itself when there is none.
import {
  type ClusterConfig,
  type InboundRequest,
  type Pick,
  type RouteDecision,
  type Workload,
} from "./types";
import { CLUSTER_DOMAIN, hostMatches, mostSpecificDomain } from "./istio-hosts";
import { applyHttpRoute, buildHttpRoutes, firstMatchingRoute, type IstioHttpRoute } from "./istio-http-rules";
import { type IstioVirtualService, MESH_GATEWAY, virtualServicesForGateway } from "./istio-virtual-services";

// Kubernetes pods resolve with "ndots:5": a name with fewer dots tries the search list first.
const NDOTS = 5;

function knownHost(config: ClusterConfig, fqdn: string): boolean {
  for (const s of config.services) {
    if (`${s.metadata?.name}.${s.metadata?.namespace ?? "default"}.svc.${CLUSTER_DOMAIN}` === fqdn)
      return true;
  }
  for (const se of config.serviceEntries) {
    for (const h of (se.spec?.hosts ?? []) as string[]) if (hostMatches(h.toLowerCase(), fqdn)) return true;
  }
  return false;
}

/**
 * The FQDN a name called from `namespace` reaches: "payments", "payments.payments",
 * "payments.payments.svc" and the FQDN all reach the Service; a ServiceEntry host is itself.
 */
export function resolveMeshHost(config: ClusterConfig, name: string, namespace: string): string | undefined {
  const h = name.toLowerCase().replace(/\.$/, "");
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].map(
    (d) => `${h}.${d}`,
  );
  const dots = h.split(".").length - 1;
  const candidates = dots < NDOTS ? [...search, h] : [h, ...search];
  return candidates.find((c) => knownHost(config, c));
}

/**
 * Where a sidecar sends a request its client made to `req.host:req.port`. Unlike gateways, sidecars
 * do not merge VirtualServices: the most specific host wins (exact over wildcard), then the first
 * VirtualService in istiod's order; one whose rules all fail to apply to this client (sourceLabels,
 * sourceNamespace, port, gateways) is skipped, as istiod skips it when building the sidecar's routes.
 */
export function routeIstioMesh(
  config: ClusterConfig,
  source: Workload,
  req: InboundRequest,
  pick: Pick,
): RouteDecision {
  const fqdn = resolveMeshHost(config, req.host, source.namespace);
  if (!fqdn) return { kind: "no-route", reason: "no such host in the mesh" };
  const ctx = {
    listenPort: req.port,
    gatewayName: MESH_GATEWAY,
    proxyLabels: source.labels,
    proxyNamespace: source.namespace,
  };
  const candidates: { vs: IstioVirtualService; host: string }[] = [];
  for (const vs of virtualServicesForGateway(config, source.namespace, MESH_GATEWAY)) {
    const host = mostSpecificDomain(vs.hosts, fqdn);
    if (host !== undefined) candidates.push({ vs, host });
  }
  // Most specific host first; the sort is stable, so istiod's order decides among equals.
  candidates.sort((a, b) => specificity(b.host) - specificity(a.host));
  let routes: IstioHttpRoute[] = [];
  for (const c of candidates) {
    routes = buildHttpRoutes(c.vs, ctx);
    if (routes.length > 0) break;
  }
  if (routes.length === 0) return defaultRoute(fqdn, source, req);
  const route = firstMatchingRoute(routes, req);
  if (!route)
    return { kind: "no-route", reason: `no route of ${routes[0]!.vs.ref} matches ${req.method} ${req.path}` };
  return applyHttpRoute(route, req, pick);
}

// Exact names beat wildcards, longer wildcards beat shorter ones, "*" comes last.
function specificity(host: string): number {
  return host.startsWith("*") ? host.length : Number.MAX_SAFE_INTEGER;
}

function defaultRoute(fqdn: string, source: Workload, req: InboundRequest): RouteDecision {
  return {
    kind: "forward",
    destination: { host: fqdn, port: req.port, fromNamespace: source.namespace },
    path: req.path,
    host: req.host,
    // Istio names the route of a host without VirtualService "default"; no object defined it.
    routeObject: "",
    routeName: "default",
  };
}
