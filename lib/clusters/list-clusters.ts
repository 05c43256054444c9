// Every registered cluster, as the browser may see it.
import { prisma } from "@/lib/db/client";
import { toClusterDto, type ClusterDto } from "./cluster-dto";

export async function listClusters(): Promise<ClusterDto[]> {
  const clusters = await prisma.cluster.findMany({ orderBy: { name: "asc" } });
  return clusters.map(toClusterDto);
}
