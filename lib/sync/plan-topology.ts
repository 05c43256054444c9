// The plan of a desired state (a draft or the newest revision) against every cluster it names:
// what a sync would create, update and delete, with diffs and the clusters' own dry-run verdicts.
import type { PrismaClient } from "@/lib/db/client";
import type { Topology } from "@/lib/topology";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { desiredObjects } from "./desired-objects";
import { previewCluster } from "./preview-cluster";
import type { ClusterPlan } from "@/lib/api/schemas/plan";

export type { ClusterPlan };

export async function planTopology(
  db: PrismaClient,
  topology: Topology,
  revision?: number,
): Promise<ClusterPlan[]> {
  const names = topology.clusters.map((c) => c.name);
  const rows = await db.cluster.findMany({ where: { name: { in: names } } });
  const registered = new Map(rows.map((r) => [r.name, r]));
  return Promise.all(
    names.map(async (name): Promise<ClusterPlan> => {
      const row = registered.get(name);
      if (!row) return { cluster: name, registered: false };
      const client = openClusterClient(row, { retry: { maxAttempts: 2 } });
      try {
        const inventory = await db.inventoryObject.findMany({
          where: { clusterId: row.id },
          select: { apiVersion: true, kind: true, namespace: true, name: true },
        });
        const preview = await previewCluster(client, desiredObjects(topology, name, revision), inventory);
        return { cluster: name, registered: true, preview };
      } catch (err) {
        return { cluster: name, registered: true, error: err instanceof Error ? err.message : String(err) };
      } finally {
        await client.close();
      }
    }),
  );
}
