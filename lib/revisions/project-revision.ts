// The relational projection of one topology document (pure: no database access). Rows are written
// beside the revision so SQL can find revisions by product, host or cluster.
import type { Topology } from "@/lib/topology";

export type RevisionProjection = {
  gateways: {
    productSlug: string | null;
    name: string;
    namespace: string;
    kind: string;
    clusters: string[];
    hosts: string[];
    listeners: unknown;
    deployment: unknown;
  }[];
  routes: {
    productSlug: string;
    name: string;
    host: string;
    gateways: string[];
    match: unknown;
    destinations: unknown;
  }[];
  backendServices: {
    productSlug: string;
    clusters: string[];
    namespace: string;
    name: string;
    ports: unknown;
  }[];
  policies: { productSlug: string; kind: string; name: string; spec: unknown }[];
};

export function projectRevision(t: Topology): RevisionProjection {
  return {
    gateways: t.gateways.map((g) => ({
      productSlug: g.product ?? null,
      name: g.name,
      namespace: g.namespace,
      kind: g.mode,
      clusters: g.placement.map((p) => p.cluster),
      hosts: [...new Set(g.listeners.flatMap((l) => l.hosts))].sort(),
      listeners: g.listeners,
      deployment:
        g.mode === "product"
          ? {
              replicas: g.replicas,
              resources: g.resources ?? null,
              autoscaling: g.autoscaling ?? null,
              disruptionBudget: g.disruptionBudget ?? null,
              serviceType: g.serviceType,
              placement: g.placement,
            }
          : null,
    })),
    routes: t.routes.map((r) => ({
      productSlug: r.product,
      name: r.name,
      host: r.host,
      gateways: r.gateways,
      match: r.http.map((h) => ({ name: h.name ?? null, match: h.match })),
      destinations: r.http.flatMap((h) => h.destinations),
    })),
    backendServices: t.services.map((s) => ({
      productSlug: s.product,
      clusters: s.clusters,
      namespace: s.namespace,
      name: s.name,
      ports: s.ports,
    })),
    policies: [
      ...t.policies.circuitBreakers.map((p) => ({
        productSlug: p.product,
        kind: "circuit-breaker",
        name: p.name,
        spec: p,
      })),
      ...t.policies.authentication.map((p) => ({
        productSlug: p.product,
        kind: "jwt-authentication",
        name: p.name,
        spec: p,
      })),
      ...t.policies.authorization.map((p) => ({
        productSlug: p.product,
        kind: "authorization",
        name: p.name,
        spec: p,
      })),
      ...t.failover.map((p) => ({
        productSlug: p.product,
        kind: "locality-failover",
        name: `${p.product}-failover`,
        spec: p,
      })),
    ],
  };
}
