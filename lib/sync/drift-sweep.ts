// The backstop: every registered cluster is reconciled at least every PORTICO_DRIFT_INTERVAL_S, so
// drift and anything a lost job missed are found even when no revision arrives, and every cluster's
// API server is contacted (its health is the outcome and age of that contact).
import type { PrismaClient } from "@/lib/db/client";
import { enqueueClusterSync } from "@/lib/revisions/enqueue-cluster-sync";

/** How often the worker's cron runs the sweep. */
export const SWEEP_TICK_SECONDS = 60;

export async function enqueueDriftSweep(
  db: PrismaClient,
  intervalSeconds: number,
  now = new Date(),
): Promise<string[]> {
  // Note: the sweep runs once a tick, so a cluster is taken one tick early rather than up to one
  // tick late: no cluster goes longer than the interval without a sync (and a contact).
  const due = new Date(now.getTime() - Math.max(intervalSeconds - SWEEP_TICK_SECONDS, 0) * 1000);
  const clusters = await db.cluster.findMany({
    where: { OR: [{ lastSyncAt: null }, { lastSyncAt: { lt: due } }] },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  // Note: the per-cluster job key collapses a sweep into a reconcile that is already pending.
  await db.$transaction(async (tx) => {
    for (const c of clusters) await enqueueClusterSync(tx, c.name, "drift-sweep");
  });
  return clusters.map((c) => c.name);
}
