// One reconcile of one cluster: render the newest revision for it, read what Portico owns there,
// apply what changed with server-side apply, prune what the desired state no longer has, and record
// per object and per cluster what the cluster really holds.
import pLimit from "p-limit";
import type { PrismaClient } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { recordClusterContact } from "@/lib/clusters/record-cluster-contact";
import { recordSyncAudit } from "./record-sync-audit";
import { applyOrder, objectKey, type K8sObject } from "@/lib/topology";
import { FIELD_MANAGER } from "@/lib/k8s/cluster-client";
import { isKubeApiError, type KubeApiError } from "@/lib/k8s/kube-api-error";
import { readClusterFacts } from "@/lib/cutover/cluster-facts";
import { checkKey, uniqueChecks, type FactCheck } from "@/lib/cutover/fact-checks";
import { waitingReason, type Fact } from "@/lib/cutover/judge-facts";
import { trafficDependencies } from "@/lib/cutover/traffic-dependencies";
import { groupOf, type ClusterApi } from "./cluster-api";
import { compareObject } from "@/lib/analysis/plan/compare-object";
import { desiredHash, needsApply } from "./comparable";
import { insertPendingRows } from "./insert-pending-rows";
import { takeoverLoss, takeoverRefusal } from "./takeover-loss";
import { rowKey } from "./inventory-key";
import { desiredObjects } from "./desired-objects";
import { newestTopology } from "@/lib/revisions/newest-topology";
import { observe } from "./observe";
import { readLive, servedGroups } from "./read-live";

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

export type ReconcileSummary = {
  cluster: string;
  revision: number | null;
  applied: number;
  deleted: number;
  unchanged: number;
  drifted: number;
  errors: number;
  /** Objects that move traffic, not applied because a fact they depend on does not hold yet. */
  waiting: number;
};

/** A transient failure: the job fails and the queue retries it with backoff. */
export class TransientSyncError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

type InventoryRow = {
  id: string;
  status: string;
  message: string | null;
  preexisting: boolean;
  appliedHash: string | null;
  revisionNumber: number | null;
  observed: unknown;
};

type RowUpdate = {
  id: string;
  status: "synced" | "error" | "drifted" | "out_of_sync" | "waiting";
  message?: string | null;
  appliedHash?: string | null;
  revisionNumber?: number | null;
  conflict?: unknown;
  observed?: unknown;
  errorKind?: string | null;
  applied?: boolean;
  preexisting?: boolean;
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
  const revision = await newestTopology(db);
  const summary: ReconcileSummary = {
    cluster: clusterName,
    revision: revision?.number ?? null,
    applied: 0,
    deleted: 0,
    unchanged: 0,
    drifted: 0,
    errors: 0,
    waiting: 0,
  };

  /** Drifted objects that existed before Portico and differ only by what Portico keeps in them. */
  let kept = 0;
  const desired: K8sObject[] = revision
    ? desiredObjects(revision.topology, clusterName, revision.number)
    : [];

  // Reconciles of a cluster run one at a time, so a run still marked running was cut short (its
  // worker died); close it so the history does not show it running forever.
  await db.syncRun.updateMany({
    where: { clusterId: cluster.id, outcome: "running" },
    data: {
      outcome: "failed",
      errorKind: "interrupted",
      message: "Interrupted: the worker stopped during this sync.",
      finishedAt: new Date(),
    },
  });
  const run = revision
    ? await db.syncRun.create({
        data: { clusterId: cluster.id, revisionId: revision.id, jobId: opts.jobId ?? null },
      })
    : null;

  try {
    // Every sync, even one with nothing to apply, asks the API server first: the cluster's health
    // is the outcome and the time of this call (lib/clusters/cluster-health.ts).
    // The version is recorded too, so the clusters list shows it without a connection check.
    const version = await call(() => api.version());
    await recordClusterContact(db, cluster.id, { ok: true, kubernetesVersion: version?.gitVersion });
    const result = await converge();
    await recordClusterContact(db, cluster.id, { ok: true });
    await db.cluster.update({
      where: { id: cluster.id },
      data: {
        status: "reachable",
        statusMessage: result.message,
        lastSyncAt: new Date(),
        // Note: a revision with objects still waiting is not what the cluster holds yet.
        // Objects that existed before Portico and keep content it does not render do not count:
        // every field Portico renders in them holds.
        ...(revision && summary.errors === 0 && summary.drifted === kept && summary.waiting === 0
          ? { observedRevisionId: revision.id }
          : {}),
      },
    });
    if (run) {
      await db.syncRun.update({
        where: { id: run.id },
        data: {
          outcome: summary.errors > 0 || summary.waiting > 0 ? "partial" : "succeeded",
          applied: summary.applied,
          deleted: summary.deleted,
          unchanged: summary.unchanged,
          errors: summary.errors,
          message: result.message,
          finishedAt: new Date(),
        },
      });
    }
    if (summary.applied + summary.deleted + summary.errors + summary.drifted > 0) {
      await recordSyncAudit(db, clusterName, summary, opts.reason, result.message);
    }
    return summary;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const unreachable = err instanceof TransientSyncError;
    // A call the cluster failed (network, 5xx, timeout) is a failed contact; a job stopped by the
    // worker's shutdown says nothing about the cluster.
    if (unreachable && err.kind !== "aborted")
      await recordClusterContact(db, cluster.id, { ok: false, reason: message });
    await db.cluster.update({
      where: { id: cluster.id },
      data: { status: unreachable ? "unreachable" : "error", statusMessage: message },
    });
    if (run) {
      await db.syncRun.update({
        where: { id: run.id },
        data: {
          outcome: "failed",
          applied: summary.applied,
          deleted: summary.deleted,
          errors: summary.errors + 1,
          message,
          errorKind: err instanceof TransientSyncError ? err.kind : "internal",
          finishedAt: new Date(),
        },
      });
    }
    throw err;
  }

  async function converge(): Promise<{ message: string }> {
    const signal = opts.signal;
    const desiredByKey = new Map(desired.map((o) => [objectKey(o), o]));
    const readInventory = () =>
      db.inventoryObject.findMany({
        where: { clusterId: cluster!.id },
        select: {
          id: true,
          apiVersion: true,
          kind: true,
          namespace: true,
          name: true,
          status: true,
          message: true,
          preexisting: true,
          appliedHash: true,
          revisionNumber: true,
          observed: true,
        },
      });
    let inventory = await readInventory();

    // Kinds whose API group the cluster does not serve cannot be applied; say so on each object
    // instead of failing the whole cluster (e.g. Istio missing in a new cluster).
    const kinds = [...desired, ...inventory];
    const served = await call(() => servedGroups(api, kinds));

    // Write-ahead: every object gets its inventory row before it is applied, so an object Portico
    // created is never left outside the inventory, whatever happens to this process afterwards.
    const known = new Set(inventory.map(rowKey));
    const missing = desired.filter((o) => !known.has(objectKey(o)));
    if (missing.length > 0) {
      await insertPendingRows(db, cluster!.id, missing);
      inventory = await readInventory();
    }
    const rowsByKey = new Map(inventory.map((r) => [rowKey(r), r]));

    // Note: a sync for a new revision trusts the inventory's hashes and applies only objects whose
    // desired content changed; it reads back only Deployments and Services, for gateway health.
    // Every other reason (drift sweep, manual sync, revert) compares every object with the cluster.
    const full = opts.reason !== "revision" || opts.force === true;
    const liveKinds = full ? kinds : kinds.filter((k) => k.kind === "Deployment" || k.kind === "Service");
    const live = await call(() => readLive(api, liveKinds, served));

    const updates: RowUpdate[] = [];
    const toApply: { obj: K8sObject; row: InventoryRow; hash: string }[] = [];
    for (const obj of desired) {
      const key = objectKey(obj);
      const row = rowsByKey.get(key)!;
      const hash = desiredHash(obj);
      if (!served.get(groupOf(obj.apiVersion))) {
        summary.errors++;
        updates.push({
          id: row.id,
          status: "error",
          appliedHash: null,
          errorKind: "apiNotServed",
          message: `The cluster does not serve ${groupOf(obj.apiVersion) || "the core API"}; install it (e.g. Istio) before this object can be applied.`,
        });
        continue;
      }
      const current = live.get(key);
      if (!full && row.appliedHash === hash && row.status !== "pending" && row.status !== "waiting") {
        if (row.status === "error") summary.errors++;
        else if (row.status === "drifted") {
          summary.drifted++;
          // Note: this path does not read the object; its last verdict is in its message.
          if (row.preexisting && row.message?.startsWith(KEPT)) kept++;
        } else {
          summary.unchanged++;
          const o = observe(current);
          if (current && JSON.stringify(o) !== JSON.stringify(row.observed ?? null))
            updates.push({ id: row.id, status: "synced", observed: o });
        }
        continue;
      }
      const same = current !== undefined && !needsApply(obj, current);
      const explicit = opts.reason === "revert" || opts.force === true;
      if (same) {
        summary.unchanged++;
        if (row.status !== "synced" || row.appliedHash !== hash) {
          updates.push({
            id: row.id,
            status: "synced",
            appliedHash: hash,
            message: null,
            conflict: null,
            revisionNumber: row.revisionNumber ?? revision?.number ?? null,
            observed: observe(current),
          });
        } else {
          const o = observe(current);
          if (JSON.stringify(o) !== JSON.stringify(row.observed ?? null))
            updates.push({ id: row.id, status: "synced", observed: o });
        }
        continue;
      }
      if (!explicit && row.appliedHash === hash && row.status === "error") {
        // Final for this desired content (validation, conflict, permission): no hot loop. A new
        // revision that changes the object, a revert or a forced sync tries again.
        summary.errors++;
        continue;
      }
      if (
        !explicit &&
        row.appliedHash === hash &&
        (row.status === "synced" || row.status === "drifted") &&
        current !== undefined
      ) {
        // Applied by Portico before and changed since by someone else: drift. It is shown, and
        // reverted or adopted only when a person asks.
        summary.drifted++;
        const cmp = compareObject(obj, current);
        if (row.preexisting && cmp.onlyAdded) kept++;
        const message = driftMessage(cmp.extras, row.preexisting && cmp.onlyAdded);
        if (row.status !== "drifted" || row.message !== message) {
          updates.push({ id: row.id, status: "drifted", message, observed: observe(current) });
        }
        continue;
      }
      // New, changed, or deleted outside Portico (an absent object serves nothing): apply.
      toApply.push({ obj, row, hash });
    }

    // Objects that move traffic (routes bound to a product gateway, the gateway's ServiceEntry or DNS
    // record) wait until the gateway is ready, its TLS Secrets exist and its backends have ready
    // endpoints. The facts are read once, just before the first such object, so the gateway's own
    // Deployment and Service applied in earlier ranks of this run count.
    const dependencies = new Map(
      toApply.map((a) => [
        a.row.id,
        revision ? trafficDependencies(revision.topology, clusterName, a.obj) : ([] as FactCheck[]),
      ]),
    );
    let facts: Promise<Map<string, Fact> | { unreadable: string }> | undefined;
    const readFacts = async (): Promise<Map<string, Fact> | { unreadable: string }> => {
      const checks = uniqueChecks([...dependencies.values()].flat());
      try {
        return new Map((await readClusterFacts(api, checks)).map((f) => [checkKey(f), f]));
      } catch (err) {
        // Not allowed to look (RBAC without Secret or EndpointSlice reads): the objects wait, saying
        // so; anything the cluster may get over fails the job and the queue retries it.
        if (isKubeApiError(err) && !err.retryable && err.kind !== "aborted")
          return { unreadable: `waiting: Portico cannot check what traffic waits on: ${err.message}` };
        throw new TransientSyncError(err instanceof Error ? err.message : String(err), kindOf(err));
      }
    };
    const waitingFor = async (a: { row: InventoryRow }): Promise<string | null> => {
      const needs = dependencies.get(a.row.id) ?? [];
      if (needs.length === 0) return null;
      const known = await (facts ??= readFacts());
      if ("unreadable" in known) return known.unreadable;
      return waitingReason(needs.flatMap((c) => known.get(checkKey(c)) ?? []));
    };

    // Apply rank by rank (namespaces and identities before workloads before routing); objects of one
    // rank go in parallel.
    const limit = pLimit(opts.concurrency ?? 16);
    const ranks = [...new Set(toApply.map((a) => applyOrder(a.obj.kind)))].sort((a, b) => a - b);
    for (const rank of ranks) {
      const batch = toApply.filter((a) => applyOrder(a.obj.kind) === rank);
      const held = new Map<string, string>();
      for (const a of batch) {
        const reason = await waitingFor(a).catch(async (err: unknown) => {
          await flush(updates);
          throw err;
        });
        if (reason) held.set(a.row.id, reason);
      }
      for (const [id, message] of held) {
        // Never marked synced while waiting; appliedHash stays that of what the cluster last got.
        summary.waiting++;
        updates.push({ id, status: "waiting", message, conflict: null });
      }
      const results = await Promise.all(
        batch
          .filter((a) => !held.has(a.row.id))
          .map((a) =>
            limit(async () => {
              signal?.throwIfAborted();
              try {
                // A revert takes back fields others changed, which is what forcing means in apply terms.
                const force = opts.force === true || opts.reason === "revert";
                // Note: an object Portico did not create (not among its labelled objects yet, or
                // marked pre-existing) is taken over field by field, never at the cost of content the
                // topology does not hold: a forced apply that would remove any is refused, naming
                // what would be lost.
                const labelled = live.has(objectKey(a.obj));
                if (force && (!labelled || a.row.preexisting)) {
                  const loss = await takeoverLoss(api, a.obj);
                  if (loss && loss.lost.length > 0) {
                    summary.errors++;
                    return {
                      id: a.row.id,
                      status: "error",
                      appliedHash: a.hash,
                      message: takeoverRefusal(a.obj, loss.lost),
                      conflict: null,
                      errorKind: "takeover",
                    } satisfies RowUpdate;
                  }
                }
                let applied = await api.apply(a.obj, { fieldManager: FIELD_MANAGER, force });
                // An object that was not Portico's and already holds others' fields existed before:
                // Portico holds the fields it renders in it, and keeps the rest.
                const preexisting = a.row.preexisting || (!labelled && writtenByOthers(applied));
                let after = compareObject(a.obj, applied);
                // Fields someone else added stay after any apply (their manager owns them); a
                // revert removes them from Portico's own objects, anything else reports the object
                // as still drifted.
                if (!after.same && opts.reason === "revert" && !preexisting && after.extras.length > 0) {
                  applied = await api.removeFields(
                    a.obj,
                    after.extras,
                    String(applied.metadata.resourceVersion ?? ""),
                    { fieldManager: FIELD_MANAGER },
                  );
                  after = compareObject(a.obj, applied);
                }
                summary.applied++;
                if (!after.same) summary.drifted++;
                if (!after.same && preexisting && after.onlyAdded) kept++;
                return {
                  id: a.row.id,
                  status: after.same ? "synced" : "drifted",
                  appliedHash: a.hash,
                  message: after.same ? null : driftMessage(after.extras, preexisting && after.onlyAdded),
                  preexisting,
                  conflict: null,
                  revisionNumber: revision?.number ?? null,
                  observed: observe(applied),
                  applied: true,
                } satisfies RowUpdate;
              } catch (err) {
                const failure = finalFailure(err, objectKey(a.obj));
                summary.errors++;
                return {
                  id: a.row.id,
                  status: "error",
                  appliedHash: a.hash,
                  message: failure.kind === "conflict" ? conflictMessage(failure) : failure.message,
                  conflict: failure.kind === "conflict" ? { conflicts: failure.conflicts } : null,
                  errorKind: failure.kind,
                } satisfies RowUpdate;
              }
            }),
          ),
      ).catch(async (err) => {
        await flush(updates);
        throw err;
      });
      updates.push(...results);
    }
    await flush(updates);

    // Prune in reverse apply order: only what Portico's inventory holds and the desired state no
    // longer has. A row goes only once the cluster confirmed the delete.
    const stale = inventory
      .filter((r) => !desiredByKey.has(rowKey(r)))
      .sort((a, b) => applyOrder(b.kind) - applyOrder(a.kind));
    for (const row of stale) {
      signal?.throwIfAborted();
      if (!served.get(groupOf(row.apiVersion))) {
        await db.inventoryObject.delete({ where: { id: row.id } }); // the whole API is gone
        continue;
      }
      try {
        if (row.kind === "Namespace") {
          // Note: a namespace holds workloads Portico never owned; pruning releases Portico's labels
          // (an apply that owns nothing) instead of deleting the namespace and everything in it.
          await api.apply(
            { apiVersion: row.apiVersion, kind: row.kind, metadata: { name: row.name } },
            { fieldManager: FIELD_MANAGER, force: true },
          );
        } else {
          await api.delete(row.apiVersion, row.kind, row.namespace || undefined, row.name);
        }
        await db.inventoryObject.delete({ where: { id: row.id } });
        summary.deleted++;
      } catch (err) {
        const failure = finalFailure(err, rowKey(row));
        summary.errors++;
        await db.inventoryObject.update({
          where: { id: row.id },
          data: { status: "error", errorKind: failure.kind, message: `Delete failed: ${failure.message}` },
        });
      }
    }

    const parts = [
      `${summary.applied} applied`,
      `${summary.unchanged} unchanged`,
      `${summary.deleted} deleted`,
    ];
    if (summary.drifted) parts.push(`${summary.drifted} drifted`);
    if (summary.waiting) parts.push(`${summary.waiting} waiting`);
    if (summary.errors) parts.push(`${summary.errors} with errors`);
    return { message: `Revision ${revision?.number ?? "none"}: ${parts.join(", ")}.` };
  }

  /** Cluster-wide reads: any failure fails the job, which the queue retries with backoff. */
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new TransientSyncError(err instanceof Error ? err.message : String(err), kindOf(err));
    }
  }

  async function flush(rows: RowUpdate[]) {
    const now = new Date();
    const batch = rows.splice(0, rows.length);
    // Note: one statement per 500 rows; a first sync of 1,500 objects is 3 round trips, not 1,500.
    for (let i = 0; i < batch.length; i += 500) {
      const chunk = batch.slice(i, i + 500);
      await db.$executeRawUnsafe(
        `UPDATE "InventoryObject" AS i SET
           status = v.status::"ObjectSyncStatus",
           message = CASE WHEN v.set_message THEN v.message ELSE i.message END,
           "appliedHash" = CASE WHEN v.set_hash THEN v.hash ELSE i."appliedHash" END,
           "revisionNumber" = CASE WHEN v.set_rev THEN v.rev ELSE i."revisionNumber" END,
           conflict = CASE WHEN v.set_conflict THEN v.conflict ELSE i.conflict END,
           observed = CASE WHEN v.set_observed THEN v.observed ELSE i.observed END,
           preexisting = CASE WHEN v.set_pre THEN v.pre ELSE i.preexisting END,
           "errorKind" = CASE WHEN v.status = 'error' THEN v.error_kind ELSE NULL END,
           "lastAppliedAt" = CASE WHEN v.applied THEN $2::timestamptz ELSE i."lastAppliedAt" END,
           "lastObservedAt" = $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS v(
           id text, status text, message text, set_message boolean, hash text, set_hash boolean,
           rev int, set_rev boolean, conflict jsonb, set_conflict boolean, observed jsonb,
           set_observed boolean, error_kind text, applied boolean, pre boolean, set_pre boolean)
         WHERE i.id = v.id`,
        JSON.stringify(
          chunk.map((u) => ({
            id: u.id,
            status: u.status === "out_of_sync" ? "out-of-sync" : u.status,
            message: u.message ?? null,
            set_message: u.message !== undefined,
            hash: u.appliedHash ?? null,
            set_hash: u.appliedHash !== undefined,
            rev: u.revisionNumber ?? null,
            set_rev: u.revisionNumber !== undefined,
            conflict: u.conflict ?? null,
            set_conflict: u.conflict !== undefined,
            observed: u.observed ?? null,
            set_observed: u.observed !== undefined,
            error_kind: u.errorKind ?? null,
            applied: u.applied === true,
            pre: u.preexisting ?? false,
            set_pre: u.preexisting !== undefined,
          })),
        ),
        now,
      );
    }
    if (batch.length) log.debug({ cluster: clusterName, rows: batch.length }, "inventory updated");
  }
}

/**
 * A failure that belongs to one object (invalid, forbidden, conflict): recorded on the object and
 * final for its current content. Anything the cluster may get over (429, 5xx, network, shutdown)
 * is thrown instead, so the job fails and the queue retries it.
 */
function finalFailure(err: unknown, what: string): KubeApiError {
  if (isKubeApiError(err) && !err.retryable && err.kind !== "aborted") return err;
  throw new TransientSyncError(`${what}: ${err instanceof Error ? err.message : String(err)}`, kindOf(err));
}

/** How the message of an object that differs only by what Portico keeps in it begins. */
const KEPT = "The object existed before Portico applied it";

/** What a drifted object's row says; the diff itself is served on request (describe-drift.ts). */
function driftMessage(extras: readonly string[], keptOnly: boolean): string {
  const list = `${extras.slice(0, 5).join(", ")}${extras.length > 5 ? ` and ${extras.length - 5} more` : ""}`;
  if (keptOnly)
    return `${KEPT}; Portico holds the fields it renders and keeps the rest: ${list}. Remove those in the cluster, or model them in the topology.`;
  const added = extras.length ? ` Added outside Portico: ${list}.` : "";
  return `Changed in the cluster outside Portico.${added} Revert it, or adopt it where the topology models the field.`;
}

/** Whether a field manager other than Portico (and other than status writers) set fields of it. */
function writtenByOthers(obj: K8sObject): boolean {
  const entries = (obj.metadata.managedFields ?? []) as { manager?: string; subresource?: string }[];
  return entries.some((e) => !e.subresource && e.manager !== FIELD_MANAGER);
}

function kindOf(err: unknown): string {
  return isKubeApiError(err) ? err.kind : "internal";
}

function conflictMessage(f: KubeApiError): string {
  const byManager = new Map<string, string[]>();
  for (const c of f.conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
  const parts = [...byManager].map(([m, fields]) => `${fields.join(", ")} owned by "${m}"`);
  return `Conflict: ${parts.join("; ") || f.message}. Force the sync to take these fields over, or change them back in the cluster.`;
}
