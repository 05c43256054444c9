// How many of each cluster's objects are in each sync state. Drifted or failed objects keep a
// cluster from being healthy, however well its API server answers.
import { prisma } from "@/lib/db/client";
import type { ObjectSyncStatus } from "@/lib/db/generated/client";
import type { ObjectProblems } from "./cluster-dto";

/** A cluster's inventory objects by sync status; statuses it has none of are absent. */
export type ObjectCounts = Partial<Record<ObjectSyncStatus, number>>;

export async function clusterObjectCounts(clusterIds: readonly string[]): Promise<Map<string, ObjectCounts>> {
  const counts = await prisma.inventoryObject.groupBy({
    by: ["clusterId", "status"],
    where: { clusterId: { in: [...clusterIds] } },
    _count: { _all: true },
  });
  const out = new Map<string, ObjectCounts>(clusterIds.map((id) => [id, {}]));
  for (const c of counts) out.get(c.clusterId)![c.status] = c._count._all;
  return out;
}

export function objectProblems(counts: ObjectCounts): ObjectProblems {
  return { drifted: counts.drifted ?? 0, errors: counts.error ?? 0 };
}

export async function objectProblemsOf(clusterId: string): Promise<ObjectProblems> {
  return objectProblems((await clusterObjectCounts([clusterId])).get(clusterId)!);
}
