// Applies the planned objects rank by rank (namespaces and identities before workloads before
// routing); objects of one rank go in parallel. Objects that move traffic and whose facts do not
// hold yet are marked waiting instead (traffic-gate.ts).
import pLimit from "p-limit";
import { applyOrder, objectKey, type K8sObject } from "@/lib/topology";
import type { ClusterApi } from "./cluster-api";
import { applyObject } from "./apply-object";
import type { PlannedApply } from "./plan-reconcile";
import type { SyncTally } from "./sync-tally";
import type { TrafficGate } from "./traffic-gate";
import type { RowUpdate } from "./write-inventory-updates";

export type ApplyRanksOptions = {
  force: boolean;
  revert: boolean;
  revisionNumber: number | null;
  /** Applies in flight at once within one rank. */
  concurrency: number;
  signal?: AbortSignal;
};

/**
 * Pushes each verdict onto `updates` and counts it in `tally` as it comes, so a run that fails
 * halfway records what it did. `flush` writes the pending updates: it runs before an error leaves,
 * so verdicts already reached are not lost.
 */
export async function applyInRanks(
  api: ClusterApi,
  toApply: readonly PlannedApply[],
  live: ReadonlyMap<string, K8sObject>,
  gate: TrafficGate,
  opts: ApplyRanksOptions,
  tally: SyncTally,
  updates: RowUpdate[],
  flush: () => Promise<void>,
): Promise<void> {
  const limit = pLimit(opts.concurrency);
  const ranks = [...new Set(toApply.map((a) => applyOrder(a.obj.kind)))].sort((a, b) => a - b);
  for (const rank of ranks) {
    const batch = toApply.filter((a) => applyOrder(a.obj.kind) === rank);
    const held = await gate.held(batch).catch(async (err: unknown) => {
      await flush();
      throw err;
    });
    for (const [id, message] of held) {
      // Never marked synced while waiting; appliedHash stays that of what the cluster last got.
      tally.waiting++;
      updates.push({ id, status: "waiting", message, conflict: null });
    }
    const results = await Promise.all(
      batch
        .filter((a) => !held.has(a.row.id))
        .map((a) =>
          limit(async () => {
            opts.signal?.throwIfAborted();
            const { update, kept } = await applyObject(api, a, {
              force: opts.force,
              revert: opts.revert,
              labelled: live.has(objectKey(a.obj)),
              revisionNumber: opts.revisionNumber,
            });
            if (update.status === "error") tally.errors++;
            else {
              tally.applied++;
              if (update.status === "drifted") tally.drifted++;
              if (kept) tally.kept++;
            }
            return update;
          }),
        ),
    ).catch(async (err) => {
      await flush();
      throw err;
    });
    updates.push(...results);
  }
}
