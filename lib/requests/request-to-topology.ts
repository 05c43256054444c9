// Turns a gateway request into the draft desired state reviewers see: the newest revision plus the
// requested product, gateway, routes and services. Pure, so the review page, the approval and the
// tests all build the same draft.
import type { GatewayRequestPayload } from "@/lib/validations/request";
import type { Cluster, GatewaySpec, Route, ServiceSpec, Topology, TopologyInput } from "@/lib/topology";

/** Where a requested cluster runs, for clusters the newest revision does not name yet. */
export type KnownCluster = {
  name: string;
  region?: string | null;
  zone?: string | null;
  network?: string | null;
};

export function gatewayNameOf(product: string): string {
  return `${product}-gateway`;
}

function routeNameOf(product: string, host: string, index: number): string {
  // One VirtualService per host; the first keeps the product's name so it matches the usual layout.
  const base = index === 0 ? product : `${product}-${host.split(".")[0]!.replace(/^\*$/, "wildcard")}`;
  return base.slice(0, 63).replace(/-+$/, "");
}

/**
 * The draft topology for a request. `base` is the newest revision's topology (null in an empty
 * estate); `clusters` supplies region and zone for requested clusters the base does not name.
 * The result is a document still to be validated (parseTopology / createRevision do that).
 */
export function requestToTopology(
  base: Topology | null,
  payload: GatewayRequestPayload,
  clusters: readonly KnownCluster[] = [],
): TopologyInput {
  const gatewayName = gatewayNameOf(payload.product);
  const gatewayRef = `${payload.namespace}/${gatewayName}`;

  const clusterList: Cluster[] = [...(base?.clusters ?? [])];
  for (const name of payload.clusters) {
    if (clusterList.some((c) => c.name === name)) continue;
    const known = clusters.find((c) => c.name === name);
    clusterList.push({
      name,
      region: known?.region || "unknown",
      zone: known?.zone || known?.region || "unknown",
      network: known?.network || "network1",
    });
  }

  const products = [...(base?.products ?? [])];
  const existing = products.findIndex((p) => p.name === payload.product);
  const prior = existing >= 0 ? products[existing] : undefined;
  const product = {
    name: payload.product,
    ...(prior?.displayName ? { displayName: prior.displayName } : {}),
    teams: [...new Set([...(prior?.teams ?? []), payload.team])],
    namespaces: [...new Set([...(prior?.namespaces ?? []), payload.namespace])],
    hosts: [...new Set([...(prior?.hosts ?? []), ...payload.hosts])],
  };
  if (existing >= 0) products[existing] = product;
  else products.push(product);

  const tls = payload.tlsSecret ? payload.tlsSecret : undefined;
  const gateway: GatewaySpec = {
    name: gatewayName,
    namespace: payload.namespace,
    mode: "product",
    product: payload.product,
    selector: { istio: gatewayName },
    placement: payload.clusters.map((cluster) => ({ cluster })),
    listeners: [
      tls
        ? {
            name: "https",
            port: 443,
            protocol: "HTTPS",
            hosts: payload.hosts,
            tls: { mode: "SIMPLE", credentialName: tls },
          }
        : { name: "http", port: 80, protocol: "HTTP", hosts: payload.hosts },
    ],
    replicas: 2,
    serviceType: "LoadBalancer",
  };
  const gateways = (base?.gateways ?? []).filter(
    (g) => !(g.name === gatewayName && g.namespace === payload.namespace),
  );
  gateways.push(gateway);

  // A host the base already routes keeps its other gateways (e.g. the shared one during cutover):
  // the request adds its gateway to that route instead of replacing it, so nothing goes dark.
  const routes: Route[] = [...(base?.routes ?? [])];
  payload.hosts.forEach((host, i) => {
    const http = payload.routes.map((r) => ({
      name: r.service,
      match: [{ path: { prefix: r.pathPrefix } }],
      destinations: [{ service: r.service, namespace: payload.namespace, port: r.port }],
    }));
    const at = routes.findIndex((r) => r.host === host && r.product === payload.product);
    if (at >= 0) {
      const old = routes[at]!;
      routes[at] = { ...old, gateways: [...new Set([...old.gateways, gatewayRef])], http };
    } else {
      routes.push({
        name: routeNameOf(payload.product, host, i),
        product: payload.product,
        namespace: payload.namespace,
        host,
        gateways: [gatewayRef],
        http,
      });
    }
  });

  const services: ServiceSpec[] = [...(base?.services ?? [])];
  for (const r of payload.routes) {
    const at = services.findIndex((s) => s.name === r.service && s.namespace === payload.namespace);
    if (at >= 0) {
      const old = services[at]!;
      services[at] = {
        ...old,
        ports: old.ports.some((p) => p.port === r.port)
          ? old.ports
          : [...old.ports, { name: `http-${r.port}`, port: r.port }],
        clusters: [...new Set([...old.clusters, ...payload.clusters])],
      };
    } else {
      services.push({
        name: r.service,
        namespace: payload.namespace,
        product: payload.product,
        ports: [{ name: "http", port: r.port }],
        clusters: payload.clusters,
        subsets: [],
      });
    }
  }

  return {
    ...(base ?? {}),
    apiVersion: "portico.dev/v1alpha1",
    kind: "Topology",
    metadata: {
      ...(base?.metadata ?? { name: "portico" }),
      revision: undefined,
      description: `Gateway request for ${payload.product}`,
    },
    clusters: clusterList,
    products,
    gateways,
    routes,
    services,
  } as TopologyInput;
}
