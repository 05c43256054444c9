// One registered cluster by name, as the browser may see it.
import { toClusterDto, type ClusterDto } from "./cluster-dto";
import { objectProblemsOf } from "./cluster-object-problems";
import { findClusterOrThrow } from "./find-cluster";

export async function getCluster(name: string): Promise<ClusterDto> {
  const cluster = await findClusterOrThrow(name);
  return toClusterDto(cluster, await objectProblemsOf(cluster.id));
}
