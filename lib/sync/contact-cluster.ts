// The contact every sync starts with, even one with nothing to apply: the cluster's health is the
// outcome and the time of this call (lib/clusters/cluster-health.ts). The version it reads is
// recorded too, so the clusters list shows it without a connection check.
import type { PrismaClient } from "@/lib/db/client";
import { recordClusterContact } from "@/lib/clusters/record-cluster-contact";
import type { ClusterApi } from "./cluster-api";
import { transient } from "./transient-sync-error";

/** GET /version (a failure fails the job); records the contact. */
export async function contactCluster(db: PrismaClient, api: ClusterApi, clusterId: string): Promise<void> {
  const version = await transient(() => api.version());
  await recordClusterContact(db, clusterId, { ok: true, kubernetesVersion: version?.gitVersion });
}
