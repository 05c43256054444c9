// The backstop: every registered cluster is reconciled at least every PORTICO_DRIFT_INTERVAL_S, so
// drift and anything a lost job missed are found even when no revision arrives.
import type { PrismaClient } from "@/lib/db/client";
import { enqueueClusterSync } from "@/lib/revisions/enqueue-cluster-sync";

export async function enqueueDriftSweep(
  db: PrismaClient,
  intervalSeconds: number,
  now = new Date(),
): Promise<string[]> {
  const due = new Date(now.getTime() - intervalSeconds * 1000);
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
