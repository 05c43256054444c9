// A ClusterClient for a registered cluster, with its credentials opened only here, in memory.
import type { Cluster } from "@/lib/db/generated/client";
import { openClusterCredentials } from "@/lib/clusters/cluster-credentials";
import { ClusterClient, type ClusterClientOptions } from "@/lib/k8s/cluster-client";

export function clusterClientFor(cluster: Cluster, options: ClusterClientOptions = {}): ClusterClient {
  return new ClusterClient(
    {
      name: cluster.name,
      server: cluster.server,
      caData: cluster.caData,
      insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
      credentials: openClusterCredentials(cluster),
    },
    options,
  );
}
