// Puts a reconcile of one cluster on the job queue, inside the caller's transaction.
import type { Tx } from "@/lib/db/client";

export const SYNC_TASK = "sync-cluster";

/**
 * Note: the job key is per cluster, so a burst of revisions collapses into one pending reconcile
 * (it always renders the newest revision), and the queue name per cluster makes graphile-worker run
 * at most one reconcile of a cluster at a time, however many workers there are.
 */
export async function enqueueClusterSync(
  tx: Tx,
  cluster: string,
  reason: string,
  options: {
    force?: boolean;
    /** Not before this instant (a retry of objects waiting for a dependency). */
    runAt?: Date;
    /** How many retries in a row found objects still waiting (sets the next backoff). */
    waitRound?: number;
  } = {},
): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${SYNC_TASK},
    json_build_object('cluster', ${cluster}::text, 'reason', ${reason}::text, 'force', ${options.force === true}::boolean, 'waitRound', ${options.waitRound ?? 0}::int),
    queue_name := ${`cluster:${cluster}`}::text,
    run_at := ${options.runAt ?? null}::timestamptz,
    job_key := ${syncJobKey(cluster)}::text,
    job_key_mode := 'replace',
    max_attempts := 25
  )`;
}

export function syncJobKey(cluster: string): string {
  return `sync:${cluster}`;
}
