// Objects that wait for a fact (a gateway not ready yet, a TLS Secret or backend missing) are
// retried by the worker until it holds: a reconcile of the cluster again after a backoff that
// doubles with each round still waiting (5 s, 10 s, 20 s, ... at most 5 minutes by default).
import type { PrismaClient } from "@/lib/db/client";
import { enqueueClusterSync, syncJobKey } from "@/lib/revisions/enqueue-cluster-sync";

export type WaitingBackoff = { baseMs: number; maxMs: number };

export const DEFAULT_WAITING_BACKOFF: WaitingBackoff = { baseMs: 5_000, maxMs: 300_000 };

export function waitingDelayMs(round: number, backoff: WaitingBackoff = DEFAULT_WAITING_BACKOFF): number {
  return Math.min(backoff.baseMs * 2 ** Math.min(round, 30), backoff.maxMs);
}

/**
 * Queues the retry unless a reconcile of the cluster is already pending: that one (a new revision,
 * a sweep, a person's sync) runs sooner and checks again, and must not be delayed or changed.
 * Returns when the retry runs, or null when a pending reconcile covers it.
 */
export async function enqueueWaitingRetry(
  db: PrismaClient,
  cluster: string,
  round: number,
  backoff: WaitingBackoff = DEFAULT_WAITING_BACKOFF,
  now = Date.now(),
): Promise<Date | null> {
  return db.$transaction(async (tx) => {
    const pending = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM graphile_worker.jobs WHERE key = ${syncJobKey(cluster)} AND locked_at IS NULL LIMIT 1`;
    if (pending.length > 0) return null;
    const runAt = new Date(now + waitingDelayMs(round, backoff));
    await enqueueClusterSync(tx, cluster, "retry", { runAt, waitRound: round + 1 });
    return runAt;
  });
}
