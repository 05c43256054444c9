// Removes a cluster from the registry (its inventory and sync history go with it). Objects Portico
// applied stay in the cluster: unregistering must never take traffic down.
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { RegistryContext } from "./cluster-context";
import { clusterSettings } from "./cluster-dto";
import { findClusterOrThrow } from "./find-cluster";

export async function deleteCluster(name: string, ctx: RegistryContext): Promise<void> {
  const cluster = await findClusterOrThrow(name);
  await prisma.$transaction(async (tx) => {
    await tx.cluster.delete({ where: { id: cluster.id } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "cluster.delete",
      targetType: "cluster",
      targetId: cluster.id,
      clusterName: cluster.name,
      requestId: ctx.requestId,
      before: clusterSettings(cluster),
    });
  });
}
