// The contact every sync starts with, even one with nothing to apply: the cluster's health is the
// outcome and the time of this call (lib/clusters/cluster-health.ts). The versions it reads are
// recorded too, so the clusters list shows them without a connection check.
import type { PrismaClient } from "@/lib/db/client";
import { readIstioVersion, type FoundIstiod } from "@/lib/clusters/istiod-version";
import { recordClusterContact } from "@/lib/clusters/record-cluster-contact";
import { isKubeApiError } from "@/lib/k8s/kube-api-error";
import type { Logger } from "@/lib/log/logger";
import type { ClusterApi } from "./cluster-api";
import { transient, TransientSyncError } from "./transient-sync-error";

/** GET /version (a failure fails the job), then istiod's version; records the contact. */
export async function contactCluster(
  db: PrismaClient,
  api: ClusterApi,
  clusterId: string,
  log: Logger,
): Promise<void> {
  const version = await transient(() => api.version());
  const istio = await istioOf(api, log);
  await recordClusterContact(db, clusterId, {
    ok: true,
    kubernetesVersion: version?.gitVersion,
    ...(istio ? { istio: { version: istio.version, revision: istio.revision } } : {}),
  });
}

/**
 * One list of istio-system's Deployments. Istio is not the sync's precondition (objects of kinds the
 * cluster does not serve say so one by one), so no istiod, no namespace or no permission to read
 * it records nothing; only a stopped job stops here.
 */
async function istioOf(api: ClusterApi, log: Logger): Promise<FoundIstiod | null> {
  try {
    return await readIstioVersion(api);
  } catch (err) {
    if (isKubeApiError(err) && err.kind === "aborted") throw new TransientSyncError(err.message, err.kind);
    log.debug({ err: err instanceof Error ? err.message : String(err) }, "istiod's version not read");
    return null;
  }
}
