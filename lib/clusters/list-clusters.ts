// Every registered cluster, as the browser may see it.
import { prisma } from "@/lib/db/client";
import { toClusterDto, type ClusterDto } from "./cluster-dto";
import { clusterObjectProblems } from "./cluster-object-problems";

export async function listClusters(): Promise<ClusterDto[]> {
  const clusters = await prisma.cluster.findMany({ orderBy: { name: "asc" } });
  const problems = await clusterObjectProblems(clusters.map((c) => c.id));
  const now = new Date();
  return clusters.map((c) => toClusterDto(c, problems.get(c.id)!, now));
}
