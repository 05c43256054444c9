// The sync worker process (`npm run worker`): runs reconcile jobs from the Postgres job queue.
// Several workers may run at once: graphile-worker hands each job to one of them, and the queue per
// cluster keeps a cluster's reconciles one at a time.
import { run, type Runner, type Task } from "graphile-worker";
import { createPrismaClient } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/log/logger";
import { SYNC_TASK } from "@/lib/revisions/enqueue-cluster-sync";
import { clusterClientFor } from "./cluster-client-for";
import { enqueueDriftSweep } from "./drift-sweep";
import { reconcileCluster, type ReconcileReason } from "./reconcile-cluster";

export const DRIFT_SWEEP_TASK = "drift-sweep";

export type WorkerOptions = {
  connectionString?: string;
  concurrency?: number;
  /** Seconds between drift sweeps; the sweep itself is checked every minute. */
  driftIntervalSeconds?: number;
  /** Let the caller (tests) stop the worker instead of SIGINT/SIGTERM. */
  noHandleSignals?: boolean;
  pollInterval?: number;
};

export async function startWorker(options: WorkerOptions = {}): Promise<Runner> {
  const connectionString = options.connectionString ?? databaseUrl();
  const log = createLogger({ name: "portico-worker" });
  const db = createPrismaClient(connectionString);
  const driftInterval = options.driftIntervalSeconds ?? env().PORTICO_DRIFT_INTERVAL_S;

  const syncCluster: Task = async (payload, helpers) => {
    const { cluster, reason, force } = payload as { cluster: string; reason?: ReconcileReason; force?: boolean };
    const started = performance.now();
    const jobLog = log.child({ jobId: helpers.job.id, cluster, attempt: helpers.job.attempts });
    const row = await db.cluster.findUnique({ where: { name: cluster } });
    if (!row) {
      jobLog.info("cluster no longer registered; job dropped");
      return;
    }
    const client = clusterClientFor(row, { signal: helpers.abortSignal });
    try {
      const summary = await reconcileCluster(db, client, cluster, jobLog, {
        reason: reason ?? "revision",
        force: force === true,
        signal: helpers.abortSignal,
        jobId: String(helpers.job.id),
      });
      jobLog.info({ ...summary, ms: Math.round(performance.now() - started) }, "reconciled");
    } finally {
      await client.close();
    }
  };

  const driftSweep: Task = async () => {
    const queued = await enqueueDriftSweep(db, driftInterval);
    if (queued.length) log.info({ clusters: queued }, "drift sweep queued");
  };

  const runner = await run({
    connectionString,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: options.noHandleSignals ?? false,
    pollInterval: options.pollInterval ?? 1000,
    taskList: { [SYNC_TASK]: syncCluster, [DRIFT_SWEEP_TASK]: driftSweep },
    // Every minute; graphile-worker's cron runs each tick once across all workers.
    crontab: `* * * * * ${DRIFT_SWEEP_TASK} ?max=1`,
    logger: undefined,
  });
  runner.promise.finally(() => db.$disconnect()).catch(() => undefined);
  return runner;
}
