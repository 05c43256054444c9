// Sync outcomes belong to the audit trail like any other change to a cluster.
import type { PrismaClient } from "@/lib/db/client";
import type { ReconcileSummary } from "./reconcile-cluster";

export async function recordSyncAudit(
  db: PrismaClient,
  cluster: string,
  summary: ReconcileSummary,
  reason: string,
  message: string,
): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorEmail: "portico-sync",
      actorRole: "system",
      action: summary.errors > 0 ? "sync.partial" : "sync.succeeded",
      targetType: "cluster",
      targetId: cluster,
      clusterName: cluster,
      after: { ...summary, reason },
      metadata: { message },
    },
  });
}
