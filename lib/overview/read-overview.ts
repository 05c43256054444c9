// What the overview page shows: clusters grouped by health (reachability with its age, drift,
// failing objects) and by whether they hold the newest revision, and products grouped by where
// they stand on the journey. Read through the same functions as the clusters and migrations pages.
import type { ClusterHealthState } from "@/lib/clusters/cluster-health";
import { listClusters } from "@/lib/clusters/list-clusters";
import { prisma } from "@/lib/db/client";
import { describeMigration } from "@/lib/migration/describe-migration";
import { newestRevisionNumber } from "@/lib/revisions/newest-revision-number";
import { newestTopology } from "@/lib/revisions/newest-topology";
import { migrationStage, type MigrationStage } from "./migration-stage";

export interface ClusterOverview {
  name: string;
  health: ClusterHealthState;
  summary: string;
  /** Holds the newest revision (false: behind, or never synced). */
  inSync: boolean;
}

export interface ProductOverview {
  name: string;
  stage: MigrationStage;
  percent?: number;
}

export async function readClusterOverview(): Promise<ClusterOverview[]> {
  const [clusters, newest] = await Promise.all([listClusters(), newestRevisionNumber()]);
  return clusters.map((c) => ({
    name: c.name,
    health: c.health.state,
    summary: c.health.summary,
    inSync: newest !== null && c.observedRevision === newest,
  }));
}

export async function readProductOverview(): Promise<ProductOverview[]> {
  const newest = await newestTopology(prisma);
  if (!newest) return [];
  const { topology } = newest;
  return topology.products.flatMap((p) => {
    const status = describeMigration(topology, p.name);
    return status ? [{ name: p.name, ...migrationStage(topology, status) }] : [];
  });
}
