// What the overview page shows: clusters grouped by health (reachability with its age, drift,
// failing objects) and by whether they hold the newest revision, and products grouped by where
// they stand on the journey. Read through the same functions as the clusters and migrations pages.
import { healthNow } from "@/lib/clusters/cluster-dto";
import type { ClusterHealthState } from "@/lib/clusters/cluster-health";
import type { PrismaClient } from "@/lib/db/client";
import { describeMigration } from "@/lib/migration/describe-migration";
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

export async function readClusterOverview(db: PrismaClient, now = new Date()): Promise<ClusterOverview[]> {
  const [clusters, newest, counts] = await Promise.all([
    db.cluster.findMany({
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        lastContactAt: true,
        contactFailedSince: true,
        contactError: true,
        observedRevision: { select: { number: true } },
      },
    }),
    db.revision.findFirst({ orderBy: { number: "desc" }, select: { number: true } }),
    db.inventoryObject.groupBy({
      by: ["clusterId", "status"],
      where: { status: { in: ["drifted", "error"] } },
      _count: { _all: true },
    }),
  ]);
  const count = (clusterId: string, status: string) =>
    counts.find((c) => c.clusterId === clusterId && c.status === status)?._count._all ?? 0;
  return clusters.map((c) => {
    const health = healthNow(c, { drifted: count(c.id, "drifted"), errors: count(c.id, "error") }, now);
    return {
      name: c.name,
      health: health.state,
      summary: health.summary,
      inSync: !!newest && c.observedRevision?.number === newest.number,
    };
  });
}

export async function readProductOverview(db: PrismaClient): Promise<ProductOverview[]> {
  const newest = await newestTopology(db);
  if (!newest) return [];
  const { topology } = newest;
  return topology.products.flatMap((p) => {
    const status = describeMigration(topology, p.name);
    return status ? [{ name: p.name, ...migrationStage(topology, status) }] : [];
  });
}
