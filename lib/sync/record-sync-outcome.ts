// How a reconcile ends, on the cluster row, its sync run and the audit trail.
import type { PrismaClient } from "@/lib/db/client";
import { recordClusterContact } from "@/lib/clusters/record-cluster-contact";
import { recordSyncAudit } from "./record-sync-audit";
import type { ReconcileSummary } from "./reconcile-cluster";
import { holdsRevision, type SyncTally } from "./sync-tally";
import { TransientSyncError } from "./transient-sync-error";

export type SyncRef = {
  clusterId: string;
  clusterName: string;
  /** The revision synced; none when there is none yet. */
  revisionId: string | null;
  runId: string | null;
  reason: string;
};

export async function recordSyncSuccess(
  db: PrismaClient,
  ref: SyncRef,
  summary: ReconcileSummary,
  tally: SyncTally,
  message: string,
): Promise<void> {
  // The sync's last call answered too: the contact is as recent as its end.
  await recordClusterContact(db, ref.clusterId, { ok: true });
  await db.cluster.update({
    where: { id: ref.clusterId },
    data: {
      status: "reachable",
      statusMessage: message,
      lastSyncAt: new Date(),
      ...(ref.revisionId && holdsRevision(tally) ? { observedRevisionId: ref.revisionId } : {}),
    },
  });
  if (ref.runId) {
    await db.syncRun.update({
      where: { id: ref.runId },
      data: {
        outcome: summary.errors > 0 || summary.waiting > 0 ? "partial" : "succeeded",
        applied: summary.applied,
        deleted: summary.deleted,
        unchanged: summary.unchanged,
        errors: summary.errors,
        message,
        finishedAt: new Date(),
      },
    });
  }
  if (summary.applied + summary.deleted + summary.errors + summary.drifted > 0) {
    await recordSyncAudit(db, ref.clusterName, summary, ref.reason, message);
  }
}

export async function recordSyncFailure(
  db: PrismaClient,
  ref: SyncRef,
  tally: SyncTally,
  err: unknown,
): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const unreachable = err instanceof TransientSyncError;
  // A call the cluster failed (network, 5xx, timeout) is a failed contact; a job stopped by the
  // worker's shutdown says nothing about the cluster.
  if (unreachable && err.kind !== "aborted")
    await recordClusterContact(db, ref.clusterId, { ok: false, reason: message });
  await db.cluster.update({
    where: { id: ref.clusterId },
    data: { status: unreachable ? "unreachable" : "error", statusMessage: message },
  });
  if (ref.runId) {
    await db.syncRun.update({
      where: { id: ref.runId },
      data: {
        outcome: "failed",
        applied: tally.applied,
        deleted: tally.deleted,
        errors: tally.errors + 1,
        message,
        errorKind: err instanceof TransientSyncError ? err.kind : "internal",
        finishedAt: new Date(),
      },
    });
  }
}
