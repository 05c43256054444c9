// One registered cluster by name, as the browser may see it.
import { toClusterDto, type ClusterDto } from "./cluster-dto";
import { findClusterOrThrow } from "./find-cluster";

export async function getCluster(name: string): Promise<ClusterDto> {
  return toClusterDto(await findClusterOrThrow(name));
}
