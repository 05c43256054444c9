// What a reconcile does with each object, decided from the inventory and what the cluster holds:
// record it (unchanged, drifted, an error that stays), apply it, or prune it. Pure, so each verdict
// can be checked without a cluster; which applies wait for traffic facts is traffic-gate.ts.
import { compareObject } from "@/lib/analysis/plan/compare-object";
import { applyOrder, objectKey, type K8sObject } from "@/lib/topology";
import { groupOf } from "./cluster-api";
import { desiredHash, needsApply } from "./comparable";
import { driftMessage, KEPT } from "./drift-message";
import { rowKey } from "./inventory-key";
import { observe } from "./observe";
import type { InventoryRow } from "./read-cluster-state";
import type { SyncTally } from "./sync-tally";
import type { RowUpdate } from "./write-inventory-updates";

export type PlannedApply = { obj: K8sObject; row: InventoryRow; hash: string };

export type PlanInput = {
  desired: readonly K8sObject[];
  /** The cluster's inventory; every desired object has its row (written ahead). */
  inventory: readonly InventoryRow[];
  served: ReadonlyMap<string, boolean>;
  live: ReadonlyMap<string, K8sObject>;
  /**
   * Compare every object with the cluster. Without it (a sync for a new revision) the inventory's
   * hashes are trusted and only objects whose desired content changed are looked at.
   */
  full: boolean;
  /** A revert or a forced sync: errors and drift of unchanged content are tried again. */
  explicit: boolean;
  revisionNumber: number | null;
};

export type ReconcilePlan = {
  /** Row verdicts that need no call to the cluster. */
  updates: RowUpdate[];
  /** Objects to apply (or to hold back, see traffic-gate.ts), in desired order. */
  toApply: PlannedApply[];
  /** Inventory rows the desired state no longer has, in reverse apply order. */
  prune: InventoryRow[];
  /** What the verdicts count; applies and prunes add theirs as they happen. */
  tally: Pick<SyncTally, "unchanged" | "drifted" | "errors" | "kept">;
};

export function planReconcile(input: PlanInput): ReconcilePlan {
  const { desired, served, live, full, explicit } = input;
  const rowsByKey = new Map(input.inventory.map((r) => [rowKey(r), r]));
  const tally = { unchanged: 0, drifted: 0, errors: 0, kept: 0 };
  const updates: RowUpdate[] = [];
  const toApply: PlannedApply[] = [];

  for (const obj of desired) {
    const key = objectKey(obj);
    const row = rowsByKey.get(key);
    if (!row) throw new Error(`No inventory row for ${key}: rows are written before the plan.`);
    const hash = desiredHash(obj);
    if (!served.get(groupOf(obj.apiVersion))) {
      tally.errors++;
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
      if (row.status === "error") tally.errors++;
      else if (row.status === "drifted") {
        tally.drifted++;
        // Note: this path does not read the object; its last verdict is in its message.
        if (row.preexisting && row.message?.startsWith(KEPT)) tally.kept++;
      } else {
        tally.unchanged++;
        const o = observe(current);
        if (current && JSON.stringify(o) !== JSON.stringify(row.observed ?? null))
          updates.push({ id: row.id, status: "synced", observed: o });
      }
      continue;
    }
    if (current !== undefined && !needsApply(obj, current)) {
      tally.unchanged++;
      if (row.status !== "synced" || row.appliedHash !== hash) {
        updates.push({
          id: row.id,
          status: "synced",
          appliedHash: hash,
          message: null,
          conflict: null,
          revisionNumber: row.revisionNumber ?? input.revisionNumber,
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
      tally.errors++;
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
      tally.drifted++;
      const cmp = compareObject(obj, current);
      if (row.preexisting && cmp.onlyAdded) tally.kept++;
      const message = driftMessage(cmp.extras, row.preexisting && cmp.onlyAdded);
      if (row.status !== "drifted" || row.message !== message) {
        updates.push({ id: row.id, status: "drifted", message, observed: observe(current) });
      }
      continue;
    }
    // New, changed, or deleted outside Portico (an absent object serves nothing): apply.
    toApply.push({ obj, row, hash });
  }

  // Only what Portico's inventory holds and the desired state no longer has, dependents first.
  const desiredKeys = new Set(desired.map(objectKey));
  const prune = input.inventory
    .filter((r) => !desiredKeys.has(rowKey(r)))
    .sort((a, b) => applyOrder(b.kind) - applyOrder(a.kind));

  return { updates, toApply, prune, tally };
}
