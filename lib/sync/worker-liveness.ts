// Recovers jobs of worker processes that died without shutting down (SIGKILL, OOM, a lost machine).
//
// Note: graphile-worker keeps a job, and its queue, locked by the worker that took it until the lock
// is four hours old. With one queue per cluster, a killed worker would stop that cluster's syncs for
// four hours. Each process therefore holds a Postgres advisory lock on a dedicated connection and
// heartbeats a WorkerProcess row; a row whose advisory lock is free (its connection is gone) and whose
// heartbeat is stale belongs to a dead process, and any live worker unlocks that process's jobs.
import { randomInt, randomUUID } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import type { PrismaClient } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";

const LOCK_CLASS = 7_346_203;

export type LivenessOptions = {
  connectionString: string;
  /** How often this process heartbeats and sweeps (default 5 s). */
  intervalMs?: number;
  /** A heartbeat older than this, with the lock free, means dead (default 15 s). */
  staleAfterMs?: number;
};

export class WorkerLiveness {
  readonly id = randomUUID();
  private readonly lockKey = randomInt(1, 2 ** 31 - 1);
  private readonly workerIds = new Set<string>();
  private lockClient: pg.Client | undefined;
  private utils: WorkerUtils | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: PrismaClient,
    private readonly log: Logger,
    private readonly options: LivenessOptions,
  ) {}

  /** Called for each graphile-worker worker and worker pool this process starts. */
  addWorker(workerId: string): void {
    this.workerIds.add(workerId);
    void this.heartbeat().catch((err) => this.log.warn({ err: String(err) }, "heartbeat failed"));
  }

  /**
   * Unlocks the jobs of workers of this process that have stopped: a job runner that died (its pool
   * lost the database while releasing a job) and was started again. This process stays alive, so no
   * other process would ever find those workers dead, and their jobs (and their cluster's queue)
   * would stay locked for four hours.
   */
  async releaseWorkers(workerIds: readonly string[]): Promise<void> {
    if (workerIds.length === 0) return;
    if (!this.utils) throw new Error("liveness not started");
    await this.utils.forceUnlockWorkers([...workerIds]);
    for (const id of workerIds) this.workerIds.delete(id);
    await this.heartbeat();
  }

  async start(): Promise<void> {
    this.utils = await makeWorkerUtils({ connectionString: this.options.connectionString });
    await this.acquireLock();
    await this.heartbeat();
    await this.sweep();
    const every = this.options.intervalMs ?? 5000;
    this.timer = setInterval(() => {
      void this.tick().catch((err) => this.log.warn({ err: String(err) }, "liveness tick failed"));
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.db.workerProcess.deleteMany({ where: { id: this.id } }).catch(() => undefined);
    await this.lockClient?.end().catch(() => undefined);
    await Promise.resolve(this.utils?.release()).catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    // A lost connection (Postgres restarted) released our lock: take it again before anything else.
    if (!this.lockClient) await this.acquireLock();
    await this.heartbeat();
    await this.sweep();
  }

  private async acquireLock(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: `portico-worker-${this.id.slice(0, 8)}`,
    });
    client.on("error", () => {
      if (this.lockClient === client) this.lockClient = undefined;
    });
    client.on("end", () => {
      if (this.lockClient === client) this.lockClient = undefined;
    });
    await client.connect();
    await client.query("SELECT pg_advisory_lock($1, $2)", [LOCK_CLASS, this.lockKey]);
    this.lockClient = client;
  }

  private async heartbeat(): Promise<void> {
    const data = { workerIds: [...this.workerIds], heartbeatAt: new Date() };
    await this.db.workerProcess.upsert({
      where: { id: this.id },
      update: data,
      create: { id: this.id, lockKey: this.lockKey, hostname: os.hostname(), pid: process.pid, ...data },
    });
  }

  /** Unlocks the jobs of dead processes; returns how many processes were found dead. */
  async sweep(): Promise<number> {
    if (!this.utils || !this.lockClient) return 0;
    const staleBefore = new Date(Date.now() - (this.options.staleAfterMs ?? 15_000));
    const candidates = await this.db.workerProcess.findMany({
      where: { id: { not: this.id }, heartbeatAt: { lt: staleBefore } },
    });
    let dead = 0;
    for (const p of candidates) {
      const { rows } = await this.lockClient.query<{ free: boolean }>(
        "SELECT pg_try_advisory_lock($1, $2) AS free",
        [LOCK_CLASS, p.lockKey],
      );
      if (!rows[0]?.free) continue; // alive, only slow to heartbeat
      try {
        if (p.workerIds.length) await this.utils.forceUnlockWorkers(p.workerIds);
        await this.db.workerProcess.deleteMany({ where: { id: p.id } });
        dead++;
        this.log.warn(
          { process: p.id, pid: p.pid, hostname: p.hostname, workers: p.workerIds.length },
          "recovered jobs of a dead worker process",
        );
      } finally {
        await this.lockClient.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_CLASS, p.lockKey]);
      }
    }
    return dead;
  }
}
