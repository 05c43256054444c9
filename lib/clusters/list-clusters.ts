// Every registered cluster, as the browser may see it, with what the clusters list shows beside
// each: the revision it holds and its objects by sync state. GET /api/clusters and the clusters page
// read it here.
import { prisma } from "@/lib/db/client";
import { toClusterDto, type ClusterDto } from "./cluster-dto";
import { clusterObjectCounts, objectProblems, type ObjectCounts } from "./cluster-object-problems";

export type ClusterListItem = ClusterDto & {
  /** The newest revision the cluster holds (null: never synced). */
  observedRevision: number | null;
  objects: ObjectCounts;
};

export async function listClusters(): Promise<ClusterListItem[]> {
  const clusters = await prisma.cluster.findMany({
    orderBy: { name: "asc" },
    include: { observedRevision: { select: { number: true } } },
  });
  const counts = await clusterObjectCounts(clusters.map((c) => c.id));
  const now = new Date();
  return clusters.map(({ observedRevision, ...c }) => {
    const objects = counts.get(c.id)!;
    return {
      ...toClusterDto(c, objectProblems(objects), now),
      observedRevision: observedRevision?.number ?? null,
      objects,
    };
  });
}
