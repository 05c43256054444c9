// Sync outcomes belong to the audit trail like any other change to a cluster.
import { recordAudit } from "@/lib/audit/record-audit";
import type { PrismaClient } from "@/lib/db/client";
import type { ReconcileSummary } from "./reconcile-cluster";

export async function recordSyncAudit(
  db: PrismaClient,
  cluster: string,
  summary: ReconcileSummary,
  reason: string,
  message: string,
): Promise<void> {
  await recordAudit(db, {
    actor: { email: "portico-sync", role: "system" },
    action: summary.errors > 0 || summary.waiting > 0 ? "sync.partial" : "sync.succeeded",
    targetType: "cluster",
    targetId: cluster,
    clusterName: cluster,
    after: { ...summary, reason },
    metadata: { message },
  });
}
