// HTTP routing at an Istio ingress gateway: the virtual hosts istiod builds for the servers of a
// port (buildGatewayHTTPRouteConfig), then Envoy's choice of virtual host and route.
import {
  type ClusterConfig,
  type InboundRequest,
  type Pick,
  type RouteDecision,
  type Workload,
} from "./types";
import { hostIntersection, mostSpecificDomain, serverHostsForNamespace } from "./istio-hosts";
import {
  applyHttpRoute,
  buildHttpRoutes,
  firstMatchingRoute,
  type IstioHttpRoute,
  sortVirtualHostRoutes,
} from "./istio-http-rules";
import {
  type IstioServer,
  istioServersFor,
  istioTlsChains,
  isHttpServer,
  selectTlsChain,
} from "./istio-gateway";
import { type IstioVirtualService, virtualServicesForGateway } from "./istio-virtual-services";

interface VirtualHost {
  routes: IstioHttpRoute[];
  /** Set by a server with tls.httpsRedirect: plain HTTP gets a 301 to https. */
  requireTls: boolean;
}

/**
 * Virtual hosts keyed by domain. Each VirtualService contributes its routes to the intersection of
 * its hosts with the server's (so "*.example.com" on a server "*" is its own virtual host, and an
 * exact "pay.example.com" VirtualService wins over it for that host). VirtualServices for the same
 * domain are merged: rules concatenated in istiod's order (see virtualServicesForGateway), catch-all
 * routes moved last — istio.io "Split large virtual services and destination rules into multiple
 * resources" (docs/ops/best-practices/traffic-management).
 */
function virtualHosts(
  config: ClusterConfig,
  workload: Workload,
  servers: IstioServer[],
): Map<string, VirtualHost> {
  const vhosts = new Map<string, VirtualHost>();
  const byGateway = new Map<string, IstioVirtualService[]>();
  for (const server of servers) {
    let vsList = byGateway.get(server.gateway);
    if (!vsList) {
      vsList = virtualServicesForGateway(config, workload.namespace, server.gateway);
      byGateway.set(server.gateway, vsList);
    }
    const requireTls = server.server.tls?.httpsRedirect === true;
    const ctx = {
      listenPort: server.portNumber,
      gatewayName: server.gateway,
      proxyLabels: workload.labels,
      proxyNamespace: workload.namespace,
    };
    for (const vs of vsList) {
      const domains = hostIntersection(serverHostsForNamespace(server.hosts, vs.namespace), vs.hosts);
      if (domains.length === 0) continue;
      const routes = buildHttpRoutes(vs, ctx);
      // istiod skips a VirtualService none of whose rules apply here ("no routes matched").
      if (routes.length === 0) continue;
      for (const domain of domains) {
        const vh = vhosts.get(domain);
        if (vh) {
          vh.routes.push(...routes);
          vh.requireTls ||= requireTls;
        } else {
          vhosts.set(domain, { routes: [...routes], requireTls });
        }
      }
    }
    // A redirecting server redirects its hosts even when no VirtualService serves them.
    if (requireTls) {
      for (const { host } of server.hosts) {
        const vh = vhosts.get(host);
        if (vh) vh.requireTls = true;
        else vhosts.set(host, { routes: [], requireTls: true });
      }
    }
  }
  for (const vh of vhosts.values()) vh.routes = sortVirtualHostRoutes(vh.routes);
  return vhosts;
}

// The servers whose routes serve this connection: for TLS, the one terminating server chosen by SNI
// (each has its own route table in Istio); for plain HTTP, every HTTP server on the port (merged).
function serversForConnection(
  config: ClusterConfig,
  workload: Workload,
  req: InboundRequest,
): IstioServer[] | { reason: string } {
  if (!req.tls) {
    const servers = istioServersFor(config, workload, req).filter(isHttpServer);
    return servers.length > 0 ? servers : { reason: `no HTTP server on port ${req.port}` };
  }
  const chain = selectTlsChain(istioTlsChains(config, workload, req), req.sni);
  if (!chain || chain.decision.kind !== "terminate")
    return { reason: `no terminating server for SNI ${req.sni ?? "(none)"}` };
  if (chain.server.protocol !== "HTTPS") {
    return {
      reason: `server of ${chain.server.gateway} is ${chain.server.protocol}: only HTTPS servers route HTTP`,
    };
  }
  return [chain.server];
}

type RouteTable = Map<string, VirtualHost> | { reason: string };

// Route tables depend only on the config snapshot and the connection (workload, port, TLS, SNI):
// istiod builds them once per push, not per request; so does this cache, per snapshot object.
const tables = new WeakMap<ClusterConfig, Map<string, RouteTable>>();

function routeTable(config: ClusterConfig, workload: Workload, req: InboundRequest): RouteTable {
  let perConfig = tables.get(config);
  if (!perConfig) tables.set(config, (perConfig = new Map()));
  const key = `${workload.namespace}/${workload.name}|${req.port}|${req.targetPort}|${req.tls}|${req.sni ?? ""}`;
  let table = perConfig.get(key);
  if (!table) {
    const servers = serversForConnection(config, workload, req);
    table = Array.isArray(servers) ? virtualHosts(config, workload, servers) : servers;
    // SNI values come from clients: bound the cache so that random names cannot grow it forever.
    if (perConfig.size > 1000) perConfig.clear();
    perConfig.set(key, table);
  }
  return table;
}

/** Where an Istio ingress gateway sends this request. */
export function routeIstioGateway(
  config: ClusterConfig,
  workload: Workload,
  req: InboundRequest,
  pick: Pick,
): RouteDecision {
  const vhosts = routeTable(config, workload, req);
  if (!(vhosts instanceof Map)) return { kind: "no-route", reason: vhosts.reason };
  const domain = mostSpecificDomain(vhosts.keys(), req.host);
  if (domain === undefined)
    return { kind: "no-route", reason: `no virtual host for ${req.host} on port ${req.port}` };
  const vh = vhosts.get(domain)!;
  if (vh.requireTls && !req.tls)
    return { kind: "redirect", status: 301, location: `https://${req.host}${req.path}` };
  const route = firstMatchingRoute(vh.routes, req);
  if (!route) return { kind: "no-route", reason: `no route of ${domain} matches ${req.method} ${req.path}` };
  return applyHttpRoute(route, req, pick);
}
