// The history row of one reconcile. Reconciles of a cluster run one at a time, so a run still
// marked running was cut short (its worker died); it is closed first so the history does not show
// it running forever.
import type { PrismaClient } from "@/lib/db/client";

/** The new run's id; none without a revision (nothing to sync, only the contact). */
export async function openSyncRun(
  db: PrismaClient,
  clusterId: string,
  revisionId: string | null,
  jobId: string | null,
): Promise<string | null> {
  await db.syncRun.updateMany({
    where: { clusterId, outcome: "running" },
    data: {
      outcome: "failed",
      errorKind: "interrupted",
      message: "Interrupted: the worker stopped during this sync.",
      finishedAt: new Date(),
    },
  });
  if (!revisionId) return null;
  const run = await db.syncRun.create({ data: { clusterId, revisionId, jobId } });
  return run.id;
}
