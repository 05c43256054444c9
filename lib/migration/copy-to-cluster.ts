import { gatewayRefString, type OutlierDetection, type Topology } from "@/lib/topology";
import { MigrationError } from "./migration-error";
import { finish, requireProduct, type StepResult } from "./step-result";

export interface CopyToClusterOptions {
  product: string;
  targetCluster: string;
  /** Locality failover between the regions (always with outlier detection). */
  failover: boolean;
  /** Addresses other clusters use to reach each gateway placement; default `<gateway>.<cluster>.<domain>`. */
  addresses?: Record<string, string>;
  /** Internal clients that also run in the target cluster and call the product there. */
  clients?: string[];
  /** Outlier detection of the failover DestinationRules. */
  outlierDetection?: OutlierDetection;
}

/** Ejects a failing endpoint after five 5xx in a row: what makes locality failover actually fail over. */
export const DEFAULT_FAILOVER_OUTLIER_DETECTION: OutlierDetection = {
  consecutive5xxErrors: 5,
  interval: "10s",
  baseEjectionTime: "30s",
  maxEjectionPercent: 100,
};

/**
 * Journey step 3: run the product in another cluster (another zone). Its gateways get a placement
 * there and an address per placement, from which the renderer publishes ServiceEntries so each
 * side reaches the other's gateway; its services run there too; failover keeps traffic in the
 * cluster it starts in and moves it to the other region only when endpoints are ejected.
 */
export function copyToCluster(before: Topology, opts: CopyToClusterOptions): StepResult {
  const topology = structuredClone(before);
  const product = requireProduct(topology, opts.product);
  const target = topology.clusters.find((c) => c.name === opts.targetCluster);
  if (!target)
    throw new MigrationError(
      `Cluster "${opts.targetCluster}" is not in the topology; register it and add it first.`,
    );
  const gateways = topology.gateways.filter((g) => g.mode === "product" && g.product === product.name);
  if (gateways.length === 0)
    throw new MigrationError(
      `Product "${product.name}" has no gateway of its own yet; insert it first (step 1).`,
    );
  const changes: string[] = [];
  const notes: string[] = [];
  const domain = topology.domain ?? "example.com";
  const address = (gw: string, cluster: string) => opts.addresses?.[cluster] ?? `${gw}.${cluster}.${domain}`;

  const sourceClusters = new Set<string>();
  for (const gw of gateways) {
    for (const p of gw.placement) sourceClusters.add(p.cluster);
    if (!gw.placement.some((p) => p.cluster === target.name)) {
      gw.placement.push({ cluster: target.name });
      changes.push(`Place gateway ${gatewayRefString(gw)} in ${target.name} (${target.zone}).`);
    }
    for (const p of gw.placement) {
      if (p.address) continue;
      p.address = address(gw.name, p.cluster);
      changes.push(
        `Publish ${gatewayRefString(gw)} in ${p.cluster} as ${p.address} (ServiceEntries in the other clusters).`,
      );
    }
  }
  sourceClusters.delete(target.name);
  if (sourceClusters.size === 0)
    throw new MigrationError(`Product "${product.name}" runs only in ${target.name} already.`);
  const sources = topology.clusters.filter((c) => sourceClusters.has(c.name));
  if (sources.some((c) => c.zone === target.zone)) {
    notes.push(
      `${target.name} is in zone ${target.zone} like a cluster the product already runs in: this adds capacity, not zone redundancy.`,
    );
  }

  for (const s of topology.services.filter((x) => x.product === product.name)) {
    if (s.clusters.includes(target.name)) continue;
    s.clusters.push(target.name);
    changes.push(`Run service ${s.namespace}/${s.name} in ${target.name}.`);
  }
  for (const r of topology.routes.filter((x) => x.product === product.name && x.clusters)) {
    if (!r.clusters!.includes(target.name)) r.clusters!.push(target.name);
  }
  for (const name of opts.clients ?? []) {
    const c = topology.clients.find((x) => x.name === name);
    if (!c) throw new MigrationError(`Internal client "${name}" is not in the topology.`);
    if (!c.clusters.includes(target.name)) {
      c.clusters.push(target.name);
      changes.push(`Internal client ${c.namespace}/${c.name} also runs in ${target.name}.`);
    }
  }

  if (opts.failover) {
    const regions = [...new Set(sources.map((c) => c.region))].filter((r) => r !== target.region);
    if (regions.length === 0) {
      notes.push(
        `Every cluster of ${product.name} is in region ${target.region}: locality failover between regions has nothing to do.`,
      );
    } else {
      const pairs = regions.flatMap((r) => [
        { from: r, to: target.region },
        { from: target.region, to: r },
      ]);
      const entry = {
        product: product.name,
        failover: pairs.filter((p, i) => pairs.findIndex((q) => q.from === p.from) === i),
        outlierDetection: { ...(opts.outlierDetection ?? DEFAULT_FAILOVER_OUTLIER_DETECTION) },
      };
      topology.failover = [...topology.failover.filter((f) => f.product !== product.name), entry];
      changes.push(
        `Locality failover for ${product.name}: ${entry.failover.map((p) => `${p.from} → ${p.to}`).join(", ")}, with outlier detection (${entry.outlierDetection.consecutive5xxErrors} errors in a row eject an endpoint).`,
      );
    }
  }
  notes.push(
    `Deploy ${product.name}'s workloads in ${target.name} and give ${target.name}'s gateway load balancer its address in DNS.`,
  );
  return finish(topology, changes, notes);
}
