// A person asks for a sync now: apply pending changes, revert drift, or force through conflicts.
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import type { PrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { enqueueClusterSync } from "@/lib/revisions/enqueue-cluster-sync";

export type SyncMode = "sync" | "revert" | "force";

export async function requestSync(
  db: PrismaClient,
  input: { cluster: string; mode: SyncMode; actor: AuditActor; requestId?: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const cluster = await tx.cluster.findUnique({ where: { name: input.cluster }, select: { id: true } });
    if (!cluster) throw AppError.notFound(`Cluster "${input.cluster}"`);
    const reason = input.mode === "revert" ? "revert" : "manual";
    await enqueueClusterSync(tx, input.cluster, reason, { force: input.mode === "force" });
    await recordAudit(tx, {
      actor: input.actor,
      action: `sync.request.${input.mode}`,
      targetType: "cluster",
      targetId: cluster.id,
      clusterName: input.cluster,
      requestId: input.requestId,
    });
  });
}
