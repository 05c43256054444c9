import { indexTopology, routeClusters, routeNamespace, type Topology } from "@/lib/topology";

/** One object as the inventory reports it (GET /api/clusters/[name]/inventory). */
export interface InventoryEntry {
  kind: string;
  namespace: string;
  name: string;
  productSlug: string | null;
  status: string;
  message: string | null;
  observed?: { kind: string; ready?: boolean; readyReplicas?: number; replicas?: number } | null;
}

export interface VerifyCheck {
  cluster: string;
  label: string;
  ok: boolean;
  /** What is wrong and what to do, when not ok. */
  detail?: string;
}

/**
 * Checks, from what the clusters report, that a step really landed: every object of the product
 * synced, each product gateway Deployment ready, and a VirtualService for each route present.
 * Clusters not reported (unregistered) are skipped.
 */
export function verifyStep(
  topology: Topology,
  product: string,
  inventories: { cluster: string; objects: InventoryEntry[] }[],
): VerifyCheck[] {
  const index = indexTopology(topology);
  const checks: VerifyCheck[] = [];
  // Clusters where the product has a gateway or a route; others hold nothing of it to check.
  const expected = new Set<string>();
  for (const g of topology.gateways)
    if (g.mode === "product" && g.product === product) for (const p of g.placement) expected.add(p.cluster);
  for (const r of topology.routes)
    if (r.product === product) for (const c of routeClusters(r, index)) expected.add(c);
  for (const { cluster, objects } of inventories) {
    if (!expected.has(cluster)) continue;
    const mine = objects.filter((o) => o.productSlug === product);
    const bad = mine.filter((o) => o.status !== "synced");
    checks.push({
      cluster,
      label: `${mine.length} object(s) of ${product} synced`,
      ok: bad.length === 0 && mine.length > 0,
      ...(bad.length
        ? {
            detail:
              bad
                .map(
                  (o) =>
                    `${o.kind} ${o.namespace}/${o.name}: ${o.status}${o.message ? ` (${o.message})` : ""}`,
                )
                .join("; ") +
              ". Wait for the sync, or open the cluster's inventory; conflicts need a forced sync.",
          }
        : mine.length === 0
          ? { detail: "The inventory holds nothing for this product yet; wait for the sync to run." }
          : {}),
    });
    for (const gw of topology.gateways.filter(
      (g) => g.mode === "product" && g.product === product && g.placement.some((p) => p.cluster === cluster),
    )) {
      const dep = objects.find(
        (o) => o.kind === "Deployment" && o.namespace === gw.namespace && o.name === gw.name,
      );
      const ready = dep?.observed?.kind === "Deployment" && dep.observed.ready === true;
      checks.push({
        cluster,
        label: `Gateway Deployment ${gw.namespace}/${gw.name} ready${dep?.observed?.kind === "Deployment" ? ` (${dep.observed.readyReplicas ?? 0}/${dep.observed.replicas ?? 0})` : ""}`,
        ok: ready,
        ...(ready
          ? {}
          : {
              detail: dep
                ? "Pods are not ready yet: check the Deployment's events (image pull, TLS secret, resources) and verify again."
                : "Not applied yet.",
            }),
      });
    }
    for (const r of topology.routes.filter(
      (x) => x.product === product && routeClusters(x, index).includes(cluster),
    )) {
      const ns = routeNamespace(r, index);
      const vs = objects.find((o) => o.kind === "VirtualService" && o.namespace === ns && o.name === r.name);
      checks.push({
        cluster,
        label: `Route ${r.host} (VirtualService ${ns}/${r.name}) present`,
        ok: vs?.status === "synced",
        ...(vs?.status === "synced"
          ? {}
          : {
              detail: vs ? `Status ${vs.status}${vs.message ? `: ${vs.message}` : ""}.` : "Not applied yet.",
            }),
      });
    }
  }
  return checks;
}
