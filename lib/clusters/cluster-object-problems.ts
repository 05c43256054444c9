// How many of each cluster's objects drifted or failed: a cluster with any is not healthy, however
// well its API server answers.
import { prisma } from "@/lib/db/client";
import type { ObjectProblems } from "./cluster-dto";

export async function clusterObjectProblems(
  clusterIds: readonly string[],
): Promise<Map<string, ObjectProblems>> {
  const counts = await prisma.inventoryObject.groupBy({
    by: ["clusterId", "status"],
    where: { clusterId: { in: [...clusterIds] }, status: { in: ["drifted", "error"] } },
    _count: { _all: true },
  });
  const out = new Map<string, ObjectProblems>(clusterIds.map((id) => [id, { drifted: 0, errors: 0 }]));
  for (const c of counts) {
    const p = out.get(c.clusterId)!;
    if (c.status === "drifted") p.drifted = c._count._all;
    else p.errors = c._count._all;
  }
  return out;
}

export async function objectProblemsOf(clusterId: string): Promise<ObjectProblems> {
  return (await clusterObjectProblems([clusterId])).get(clusterId)!;
}
