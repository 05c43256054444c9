// Removes from the cluster what Portico's inventory holds and the desired state no longer has, in
// the order the plan gives (dependents first). A row goes only once the cluster confirmed the delete.
import type { PrismaClient } from "@/lib/db/client";
import { FIELD_MANAGER } from "@/lib/k8s/cluster-client";
import { groupOf, type ClusterApi } from "./cluster-api";
import { rowKey } from "./inventory-key";
import type { InventoryRow } from "./read-cluster-state";
import type { SyncTally } from "./sync-tally";
import { finalFailure } from "./transient-sync-error";

/** Counts each delete and failure in `tally` as it happens, so a run cut short records them. */
export async function pruneStale(
  db: PrismaClient,
  api: ClusterApi,
  stale: readonly InventoryRow[],
  served: ReadonlyMap<string, boolean>,
  tally: SyncTally,
  signal?: AbortSignal,
): Promise<void> {
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
      tally.deleted++;
    } catch (err) {
      const failure = finalFailure(err, rowKey(row));
      tally.errors++;
      await db.inventoryObject.update({
        where: { id: row.id },
        data: { status: "error", errorKind: failure.kind, message: `Delete failed: ${failure.message}` },
      });
    }
  }
}
