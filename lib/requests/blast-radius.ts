// Who and what a gateway request touches besides its own new objects: hosts already served, the
// internal clients calling them, and the products sharing gateways or namespaces with it. Pure.
import type { Topology } from "@/lib/topology";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import type { BlastRadius } from "@/lib/api/schemas/requests";

export type { BlastRadius };

/** Whether two host patterns overlap (`*.my-company.io` covers `payments.my-company.io`). */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
  if (host.startsWith("*.")) return pattern.endsWith(host.slice(1));
  return false;
}

export function blastRadius(
  base: Topology | null,
  payload: GatewayRequestPayload,
  productionClusterNames: readonly string[] = [],
): BlastRadius {
  const hosts = payload.hosts;
  const routes = base?.routes ?? [];
  const existingHosts = hosts.flatMap((host) =>
    routes
      .filter((r) => hostMatches(r.host, host))
      .map((r) => ({ host, product: r.product, gateways: r.gateways.filter((g) => g !== "mesh") })),
  );

  // Internal clients count when they call a requested host or, before the migration, one of the
  // backend services the request routes to directly (`payments.payments.svc.cluster.local`).
  const backends = payload.routes.flatMap((r) => [
    `${r.service}.${payload.namespace}.svc.cluster.local`,
    `${r.service}.${payload.namespace}.svc`,
    `${r.service}.${payload.namespace}`,
  ]);
  const clients = (base?.clients ?? []).flatMap((c) => {
    const called = c.calls.filter(
      (call) => hosts.some((h) => hostMatches(h, call)) || backends.includes(call),
    );
    return called.length
      ? [{ name: c.name, namespace: c.namespace, clusters: c.clusters, hosts: called }]
      : [];
  });

  const gatewaysOfHosts = new Set(existingHosts.flatMap((h) => h.gateways));
  const sharedGateways = [...gatewaysOfHosts]
    .map((gateway) => ({
      gateway,
      products: [
        ...new Set(
          routes
            .filter((r) => r.gateways.includes(gateway) && r.product !== payload.product)
            .map((r) => r.product),
        ),
      ].sort(),
    }))
    .filter((g) => g.products.length > 0);

  const sharingNamespace = (base?.products ?? [])
    .filter((p) => p.name !== payload.product && p.namespaces.includes(payload.namespace))
    .map((p) => p.name)
    .sort();
  const sharedNamespaces = sharingNamespace.length
    ? [{ namespace: payload.namespace, products: sharingNamespace }]
    : [];

  return {
    existingHosts,
    clients,
    sharedGateways,
    sharedNamespaces,
    productionClusters: payload.clusters.filter((c) => productionClusterNames.includes(c)),
  };
}
