// Prometheus metrics of the whole installation, read from Postgres at scrape time. Every worker
// process writes its outcomes there, so one scrape of the app sees all workers together and a
// restarted worker loses nothing.
import { Counter, Gauge, Registry } from "prom-client";
import type { PrismaClient } from "@/lib/db/client";

export async function collectMetrics(db: PrismaClient): Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  const runs = new Counter({
    name: "portico_sync_runs_total",
    help: "Reconciles by cluster and outcome.",
    labelNames: ["cluster", "outcome"],
    registers: [registry],
  });
  const applied = new Counter({
    name: "portico_objects_applied_total",
    help: "Objects applied by server-side apply.",
    labelNames: ["cluster"],
    registers: [registry],
  });
  const deleted = new Counter({
    name: "portico_objects_deleted_total",
    help: "Objects pruned.",
    labelNames: ["cluster"],
    registers: [registry],
  });
  const failures = new Counter({
    name: "portico_sync_failures_total",
    help: "Failed reconciles by cause (network, unavailable, rateLimited, interrupted...).",
    labelNames: ["cause"],
    registers: [registry],
  });
  const duration = new Gauge({
    name: "portico_reconcile_duration_seconds",
    help: "Reconcile duration quantiles over the last hour.",
    labelNames: ["quantile"],
    registers: [registry],
  });
  const objectErrors = new Gauge({
    name: "portico_object_errors",
    help: "Objects in error by cluster and cause (conflict, invalid, forbidden...).",
    labelNames: ["cluster", "cause"],
    registers: [registry],
  });
  const objects = new Gauge({
    name: "portico_inventory_objects",
    help: "Objects Portico manages by cluster and status.",
    labelNames: ["cluster", "status"],
    registers: [registry],
  });
  const up = new Gauge({
    name: "portico_cluster_reachable",
    help: "1 when the last call to the cluster's API server succeeded (0 also when never contacted).",
    labelNames: ["cluster"],
    registers: [registry],
  });
  const queue = new Gauge({
    name: "portico_queue_depth",
    help: "Sync jobs waiting to run (due now, not locked).",
    registers: [registry],
  });
  const running = new Gauge({
    name: "portico_queue_running",
    help: "Sync jobs being run by a worker.",
    registers: [registry],
  });
  const workers = new Gauge({
    name: "portico_worker_processes",
    help: "Live sync worker processes.",
    registers: [registry],
  });

  const [runRows, failureRows, quantiles, errorRows, objectRows, clusters, jobs, workerCount] =
    await Promise.all([
      db.$queryRaw<{ cluster: string; outcome: string; n: number; applied: number; deleted: number }[]>`
      SELECT c.name AS cluster, r.outcome::text AS outcome, count(*)::int AS n,
             coalesce(sum(r.applied), 0)::int AS applied, coalesce(sum(r.deleted), 0)::int AS deleted
      FROM "SyncRun" r JOIN "Cluster" c ON c.id = r."clusterId" GROUP BY 1, 2`,
      db.$queryRaw<{ cause: string; n: number }[]>`
      SELECT coalesce("errorKind", 'unknown') AS cause, count(*)::int AS n FROM "SyncRun" WHERE outcome = 'failed' GROUP BY 1`,
      db.$queryRaw<{ p50: number | null; p95: number | null; p99: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY d) AS p95,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY d) AS p99
      FROM (SELECT extract(epoch FROM "finishedAt" - "startedAt")::float8 AS d FROM "SyncRun"
            WHERE "finishedAt" IS NOT NULL AND "startedAt" > now() - interval '1 hour') t`,
      db.$queryRaw<{ cluster: string; cause: string; n: number }[]>`
      SELECT c.name AS cluster, coalesce(i."errorKind", 'unknown') AS cause, count(*)::int AS n
      FROM "InventoryObject" i JOIN "Cluster" c ON c.id = i."clusterId" WHERE i.status = 'error' GROUP BY 1, 2`,
      db.$queryRaw<{ cluster: string; status: string; n: number }[]>`
      SELECT c.name AS cluster, i.status::text AS status, count(*)::int AS n
      FROM "InventoryObject" i JOIN "Cluster" c ON c.id = i."clusterId" GROUP BY 1, 2`,
      db.cluster.findMany({ select: { name: true, lastContactAt: true, contactFailedSince: true } }),
      db.$queryRaw<{ waiting: number; running: number }[]>`
      SELECT count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts)::int AS waiting,
             count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running
      FROM graphile_worker.jobs`,
      db.workerProcess.count(),
    ]);

  for (const r of runRows) {
    runs.inc({ cluster: r.cluster, outcome: r.outcome }, r.n);
    applied.inc({ cluster: r.cluster }, r.applied);
    deleted.inc({ cluster: r.cluster }, r.deleted);
  }
  for (const f of failureRows) failures.inc({ cause: f.cause }, f.n);
  const q = quantiles[0];
  if (q?.p50 != null) {
    duration.set({ quantile: "0.5" }, q.p50);
    duration.set({ quantile: "0.95" }, q.p95 ?? q.p50);
    duration.set({ quantile: "0.99" }, q.p99 ?? q.p50);
  }
  for (const e of errorRows) objectErrors.set({ cluster: e.cluster, cause: e.cause }, e.n);
  for (const o of objectRows) objects.set({ cluster: o.cluster, status: o.status }, o.n);
  for (const c of clusters)
    up.set({ cluster: c.name }, c.lastContactAt !== null && c.contactFailedSince === null ? 1 : 0);
  queue.set(jobs[0]?.waiting ?? 0);
  running.set(jobs[0]?.running ?? 0);
  workers.set(workerCount);

  return { contentType: registry.contentType, body: await registry.metrics() };
}
