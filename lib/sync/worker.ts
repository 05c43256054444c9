// The sync worker process (`npm run worker`): runs reconcile jobs from the Postgres job queue.
// Several workers may run at once: graphile-worker hands each job to one of them, and the queue per
// cluster keeps a cluster's reconciles one at a time.
import { EventEmitter, setMaxListeners } from "node:events";
import pg from "pg";
import { Logger as GraphileLogger, run, type Runner, type Task, type WorkerEvents } from "graphile-worker";
import { createPrismaClient } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/log/logger";
import { refreshRequestsOfCluster } from "@/lib/requests/refresh-request-status";
import { SYNC_TASK } from "@/lib/revisions/enqueue-cluster-sync";
import { ClusterClients, forJob } from "./cluster-clients";
import { applyRetention, RETENTION_TASK } from "./apply-retention";
import { enqueueDriftSweep } from "./drift-sweep";
import { reconcileCluster, type ReconcileReason } from "./reconcile-cluster";
import { checkReadiness, type Readiness } from "@/lib/health/check-readiness";
import { WorkerLiveness } from "./worker-liveness";
import { enqueueWaitingRetry, type WaitingBackoff } from "./enqueue-waiting-retry";

export const DRIFT_SWEEP_TASK = "drift-sweep";

export type WorkerOptions = {
  connectionString?: string;
  concurrency?: number;
  /** Seconds between drift sweeps; the sweep itself is checked every minute. */
  driftIntervalSeconds?: number;
  pollInterval?: number;
  /** Liveness heartbeat/sweep period and staleness (tests shorten them). */
  livenessIntervalMs?: number;
  staleAfterMs?: number;
  /** Milliseconds one reconcile may run before it is aborted and retried (default from the environment). */
  jobTimeoutMs?: number;
  /** Backoff of the retries of objects waiting for a dependency (tests shorten it). */
  waitingBackoff?: WaitingBackoff;
};

export async function startWorker(options: WorkerOptions = {}): Promise<WorkerHandle> {
  const connectionString = options.connectionString ?? databaseUrl();
  const log = createLogger({ name: "portico-worker" });
  const db = createPrismaClient(connectionString);
  const driftInterval = options.driftIntervalSeconds ?? env().PORTICO_DRIFT_INTERVAL_S;
  const jobTimeoutMs = options.jobTimeoutMs ?? env().PORTICO_SYNC_JOB_TIMEOUT_S * 1000;
  const clients = new ClusterClients();

  const syncCluster: Task = async (payload, helpers) => {
    const {
      cluster,
      reason = "revision",
      force,
      waitRound = 0,
    } = payload as {
      cluster: string;
      reason?: ReconcileReason;
      force?: boolean;
      waitRound?: number;
    };
    const started = performance.now();
    const jobLog = log.child({ jobId: helpers.job.id, cluster, attempt: helpers.job.attempts });
    const row = await db.cluster.findUnique({ where: { name: cluster } });
    if (!row) {
      jobLog.info("cluster no longer registered; job dropped");
      clients.forget(cluster);
      return;
    }
    // A cluster that stalls mid-sync must not hold its queue (and a worker slot) forever: past the
    // timeout the job aborts like a shutdown would, and the queue retries it later.
    const signal = AbortSignal.any([
      helpers.abortSignal ?? new AbortController().signal,
      AbortSignal.timeout(jobTimeoutMs),
    ]);
    // The worker's shutdown signal is shared by every request in flight, each adding (and then
    // removing) one abort listener; dozens at once are expected, not a leak.
    setMaxListeners(0, signal);
    const client = clients.get(row);
    // A sync for a new revision trusts the kinds seen before; a sweep, retry or manual sync looks
    // again, so CRDs installed or removed since are noticed.
    if (reason !== "revision") client.forgetDiscovery();
    const summary = await reconcileCluster(db, forJob(client, signal), cluster, jobLog, {
      reason,
      force: force === true,
      signal,
      jobId: String(helpers.job.id),
    });
    const { cluster: _name, ...counts } = summary ?? { cluster };
    jobLog.info({ ...counts, ms: Math.round(performance.now() - started) }, "reconciled");
    if (summary && summary.waiting > 0) {
      const retryAt = await enqueueWaitingRetry(db, cluster, waitRound, options.waitingBackoff);
      jobLog.info({ waiting: summary.waiting, retryAt }, "objects wait for their gateway; retry queued");
    }
    // Requests waiting for this cluster move to applied or failed now, not when someone next looks.
    await refreshRequestsOfCluster(db, cluster).catch((err: unknown) =>
      jobLog.warn({ err: describeError(err) }, "could not update the status of approved requests"),
    );
  };

  const driftSweep: Task = async () => {
    const queued = await enqueueDriftSweep(db, driftInterval);
    if (queued.length) log.info({ clusters: queued }, "drift sweep queued");
  };

  const retention: Task = async () => {
    const settings = env();
    const removed = await applyRetention(db, {
      syncRunDays: settings.PORTICO_RETAIN_SYNC_RUNS_DAYS,
      sessionDays: settings.PORTICO_RETAIN_SESSIONS_DAYS,
      failedJobDays: settings.PORTICO_RETAIN_FAILED_JOBS_DAYS,
    });
    if (removed.syncRuns + removed.sessions + removed.failedJobs > 0) log.info(removed, "retention applied");
  };

  const liveness = new WorkerLiveness(db, log, {
    connectionString,
    intervalMs: options.livenessIntervalMs,
    staleAfterMs: options.staleAfterMs,
  });
  await liveness.start();
  const events: WorkerEvents = new EventEmitter();
  // Jobs are locked by a worker's id, or by its pool's id when the pool fetches jobs in batches.
  // The ids of the current runner's pool and workers, released once that runner has stopped.
  const runnerIds: string[] = [];
  events.on("pool:create", ({ workerPool }) => {
    runnerIds.push(workerPool.id);
    liveness.addWorker(workerPool.id);
  });
  events.on("worker:create", ({ worker }) => {
    runnerIds.push(worker.workerId);
    liveness.addWorker(worker.workerId);
  });

  // graphile-worker's own messages go through the same JSON logger as everything else. Its metadata
  // may hold a pg client (with its connection parameters): only the error's message and code are kept.
  const queueLogger = new GraphileLogger((scope) => (level, message, meta) => {
    const method =
      level === "error" ? "error" : level === "warning" ? "warn" : level === "info" ? "info" : "debug";
    const { error, client: _client, ...rest } = (meta ?? {}) as Record<string, unknown>;
    log[method]({ ...scope, ...rest, ...(error ? { err: describeError(error) } : {}) }, message);
  });

  // Note: the queue's pool belongs to the worker, not to each runner, and keeps its error handlers
  // for its whole life. A runner that stops (the database went away) removes the handlers of a pool
  // it owns before that pool has closed, and a connection the server then terminates would raise an
  // unhandled 'error' and kill the process.
  const queuePool = new pg.Pool({ connectionString, max: (options.concurrency ?? 4) + 4 });
  queuePool.on("error", (err) => log.warn({ err: describeError(err) }, "idle queue connection lost"));
  queuePool.on("connect", (client) =>
    client.on("error", (err) => log.warn({ err: describeError(err) }, "queue connection lost")),
  );
  const runOnce = () =>
    run({
      logger: queueLogger,
      pgPool: queuePool,
      events,
      concurrency: options.concurrency ?? 4,
      // Signals are handled by the caller through stop(), so a signal is never taken for a crash.
      noHandleSignals: true,
      pollInterval: options.pollInterval ?? 1000,
      taskList: { [SYNC_TASK]: syncCluster, [DRIFT_SWEEP_TASK]: driftSweep, [RETENTION_TASK]: retention },
      // The sweep every minute, retention at minute 17 of every hour; graphile-worker's cron runs
      // each tick once across all workers.
      crontab: [`* * * * * ${DRIFT_SWEEP_TASK} ?max=1`, `17 * * * * ${RETENTION_TASK} ?max=1`].join("\n"),
    });

  // Note: graphile-worker shuts its pool down when it loses the database (a Postgres restart). The
  // worker process must outlive that, so the runner is started again until stop() is called.
  let stopping = false;
  let current: Runner | undefined;
  let wake: (() => void) | undefined;
  const supervise = async () => {
    let delay = 500;
    // Workers of runners that have stopped: whatever they still lock is nobody's job any more.
    let stopped: string[] = [];
    while (!stopping) {
      if (stopped.length) {
        try {
          await liveness.releaseWorkers(stopped);
          log.warn({ workers: stopped.length }, "released the jobs of the stopped job runner");
          stopped = [];
        } catch (err) {
          log.warn({ err: describeError(err) }, "could not release the stopped runner's jobs yet");
        }
      }
      try {
        current = await runOnce();
        delay = 500;
        await current.promise;
      } catch (err) {
        log.error({ err: String(err) }, "job runner failed");
      }
      current = undefined;
      // Note: run()'s promise settles after its workers have finished (or been aborted), so none
      // of these ids is running a job any more.
      stopped.push(...runnerIds.splice(0));
      if (stopping) break;
      log.warn({ retryInMs: delay }, "job runner stopped unexpectedly; starting it again");
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay);
      });
      delay = Math.min(delay * 2, 10_000);
    }
  };
  const promise = supervise().finally(async () => {
    await clients.closeAll();
    await queuePool.end().catch(() => undefined);
    await liveness.stop();
    await db.$disconnect();
  });

  return {
    promise,
    async readiness() {
      // Note: between a lost database and the supervisor's next start, no runner takes jobs.
      if (stopping) return { ready: false, reason: "stopping" };
      if (!current) return { ready: false, reason: "the job runner is not running (database unreachable?)" };
      const database = await checkReadiness(db);
      return database.ready ? { ready: true } : { ready: false, reason: describeReadiness(database) };
    },
    async stop() {
      stopping = true;
      wake?.();
      await current?.stop().catch(() => undefined);
      await promise;
    },
  };
}

function describeError(err: unknown): { message: string; code?: string } {
  const e = err as { message?: unknown; code?: unknown } | null;
  return {
    message: typeof e?.message === "string" ? e.message : String(err),
    ...(typeof e?.code === "string" ? { code: e.code } : {}),
  };
}

function describeReadiness(r: Exclude<Readiness, { ready: true }>): string {
  return r.database === "unreachable"
    ? "database unreachable"
    : `migrations not applied: ${r.pending.join(", ")}`;
}

/**
 * A running worker: readiness() says whether it takes jobs now; stop() finishes the jobs in flight
 * (graceful shutdown), then resolves.
 */
export type WorkerHandle = {
  promise: Promise<void>;
  readiness(): Promise<{ ready: true } | { ready: false; reason: string }>;
  stop(): Promise<void>;
};
