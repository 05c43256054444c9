// Retention: rows that only grow are trimmed by the worker once an hour (the `retention` cron task),
// so a database kept for years stays the size of its recent history.
import type { PrismaClient } from "@/lib/db/client";

export const RETENTION_TASK = "retention";

export type RetentionPolicy = {
  /** Finished sync runs older than this are deleted; each cluster's newest run always stays. */
  syncRunDays: number;
  /** Sessions expired for longer than this are deleted. */
  sessionDays: number;
  /** Jobs that failed for good stay this long in the queue for inspection. */
  failedJobDays: number;
};

export type RetentionResult = { syncRuns: number; sessions: number; failedJobs: number };

const DAY_MS = 86_400_000;

export async function applyRetention(
  db: PrismaClient,
  policy: RetentionPolicy,
  now = new Date(),
): Promise<RetentionResult> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  // Note: a cluster's newest run is what its page shows as "last sync", however old it is.
  const syncRuns = await db.$executeRaw`
    DELETE FROM "SyncRun" r
    WHERE r."startedAt" < ${before(policy.syncRunDays)}
      AND r."finishedAt" IS NOT NULL
      AND r.id <> (SELECT n.id FROM "SyncRun" n WHERE n."clusterId" = r."clusterId"
                   ORDER BY n."startedAt" DESC, n.id DESC LIMIT 1)`;
  const { count: sessions } = await db.session.deleteMany({
    where: { expiresAt: { lt: before(policy.sessionDays) } },
  });
  // graphile-worker deletes a job as soon as it succeeds; one that used up its attempts stays until
  // someone removes it. Same conditions as graphile-worker's own DELETE_PERMAFAILED_JOBS cleanup,
  // plus the age, then the queues left empty (its GC_JOB_QUEUES).
  const failedJobs = await db.$executeRaw`
    DELETE FROM graphile_worker._private_jobs
    WHERE attempts >= max_attempts AND locked_at IS NULL AND updated_at < ${before(policy.failedJobDays)}`;
  if (failedJobs > 0) {
    await db.$executeRaw`
      DELETE FROM graphile_worker._private_job_queues q
      WHERE q.locked_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.job_queue_id = q.id)`;
  }
  return { syncRuns, sessions, failedJobs };
}
