// One reconcile of one cluster: render the newest revision for it, read what Portico owns there,
// apply what changed with server-side apply, prune what the desired state no longer has, and record
// per object and per cluster what the cluster really holds. Each step is its own module; this one
// only orders them and keeps the run's bookkeeping.
import type { PrismaClient } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { newestTopology } from "@/lib/revisions/newest-topology";
import type { K8sObject } from "@/lib/topology";
import { applyInRanks } from "./apply-in-ranks";
import type { ClusterApi } from "./cluster-api";
import { contactCluster } from "./contact-cluster";
import { desiredObjects } from "./desired-objects";
import { openSyncRun } from "./open-sync-run";
import { planReconcile } from "./plan-reconcile";
import { pruneStale } from "./prune-stale";
import { readClusterState } from "./read-cluster-state";
import { recordSyncFailure, recordSyncSuccess, type SyncRef } from "./record-sync-outcome";
import { countsOf, newTally, syncMessage, type SyncCounts } from "./sync-tally";
import { trafficGate } from "./traffic-gate";
import { writeInventoryUpdates, type RowUpdate } from "./write-inventory-updates";

export type ReconcileReason = "revision" | "drift-sweep" | "revert" | "retry" | "manual";

export type ReconcileOptions = {
  reason: ReconcileReason;
  /** Take over fields another manager owns (only on an explicit choice). */
  force?: boolean;
  signal?: AbortSignal;
  jobId?: string;
  /** Applies in flight at once within one apply rank. */
  concurrency?: number;
};

export type ReconcileSummary = SyncCounts & {
  cluster: string;
  revision: number | null;
};

export async function reconcileCluster(
  db: PrismaClient,
  api: ClusterApi,
  clusterName: string,
  log: Logger,
  opts: ReconcileOptions,
): Promise<ReconcileSummary | null> {
  const cluster = await db.cluster.findUnique({ where: { name: clusterName } });
  if (!cluster) return null; // unregistered meanwhile: nothing to do
  const clusterId = cluster.id;
  const revision = await newestTopology(db);
  const desired: K8sObject[] = revision
    ? desiredObjects(revision.topology, clusterName, revision.number)
    : [];
  const tally = newTally();
  const ref: SyncRef = {
    clusterId,
    clusterName,
    revisionId: revision?.id ?? null,
    runId: await openSyncRun(db, clusterId, revision?.id ?? null, opts.jobId ?? null),
    reason: opts.reason,
  };

  try {
    await contactCluster(db, api, clusterId, log);
    await converge();
    const summary: ReconcileSummary = {
      cluster: clusterName,
      revision: revision?.number ?? null,
      ...countsOf(tally),
    };
    await recordSyncSuccess(db, ref, summary, tally, syncMessage(summary.revision, summary));
    return summary;
  } catch (err) {
    await recordSyncFailure(db, ref, tally, err);
    throw err;
  }

  async function converge(): Promise<void> {
    // Note: a sync for a new revision trusts the inventory's hashes and applies only objects whose
    // desired content changed; it reads back only Deployments and Services, for gateway health.
    // Every other reason (drift sweep, manual sync, revert) compares every object with the cluster.
    const full = opts.reason !== "revision" || opts.force === true;
    // A revert takes back fields others changed, which is what forcing means in apply terms.
    const force = opts.force === true || opts.reason === "revert";
    const state = await readClusterState(db, api, clusterId, desired, full);
    const plan = planReconcile({
      desired,
      inventory: state.inventory,
      served: state.served,
      live: state.live,
      full,
      explicit: force,
      revisionNumber: revision?.number ?? null,
    });
    Object.assign(tally, plan.tally);

    const updates: RowUpdate[] = plan.updates;
    const flush = async () => {
      const rows = updates.splice(0, updates.length);
      await writeInventoryUpdates(db, rows);
      if (rows.length) log.debug({ cluster: clusterName, rows: rows.length }, "inventory updated");
    };
    await applyInRanks(
      api,
      plan.toApply,
      state.live,
      trafficGate(api, revision?.topology ?? null, clusterName, plan.toApply),
      {
        force,
        revert: opts.reason === "revert",
        revisionNumber: revision?.number ?? null,
        concurrency: opts.concurrency ?? 16,
        signal: opts.signal,
      },
      tally,
      updates,
      flush,
    );
    await flush();
    await pruneStale(db, api, plan.prune, state.served, tally, opts.signal);
  }
}
