// A ClusterClient for a registered cluster. The credentials are opened here, in memory, and handed
// straight to the client; they are never returned or logged.
import type { Cluster } from "@/lib/db/generated/client";
import { ClusterClient, type ClusterClientOptions } from "@/lib/k8s/cluster-client";
import { env } from "@/lib/env";
import { openClusterCredentials } from "./cluster-credentials";

export function openClusterClient(
  cluster: Pick<Cluster, "id" | "name" | "server" | "caData" | "insecureSkipTlsVerify" | "credentials">,
  options: ClusterClientOptions = {},
): ClusterClient {
  return new ClusterClient(
    {
      name: cluster.name,
      server: cluster.server,
      caData: cluster.caData,
      insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
      credentials: openClusterCredentials(cluster),
    },
    { timeoutMs: env().PORTICO_CLUSTER_REQUEST_TIMEOUT_S * 1000, ...options },
  );
}
