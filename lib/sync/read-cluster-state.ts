// What a reconcile starts from: Portico's inventory of the cluster (with a row for every object it
// is about to apply), which API groups the cluster serves, and the labelled objects it holds.
import type { PrismaClient } from "@/lib/db/client";
import { objectKey, type K8sObject } from "@/lib/topology";
import type { ClusterApi } from "./cluster-api";
import { insertPendingRows } from "./insert-pending-rows";
import { rowKey } from "./inventory-key";
import { readLive, servedGroups } from "./read-live";
import { transient } from "./transient-sync-error";

export type InventoryRow = {
  id: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  status: string;
  message: string | null;
  preexisting: boolean;
  appliedHash: string | null;
  revisionNumber: number | null;
  observed: unknown;
};

export type ClusterState = {
  /** Every inventory row of the cluster, each desired object's included. */
  inventory: InventoryRow[];
  /** Whether the cluster serves each API group of the desired and inventoried kinds. */
  served: Map<string, boolean>;
  /** Labelled live objects by object key, of the kinds read (see `full`). */
  live: Map<string, K8sObject>;
};

export async function readClusterState(
  db: PrismaClient,
  api: ClusterApi,
  clusterId: string,
  desired: readonly K8sObject[],
  /** Read back every kind; otherwise only Deployments and Services, for gateway health. */
  full: boolean,
): Promise<ClusterState> {
  const readInventory = (): Promise<InventoryRow[]> =>
    db.inventoryObject.findMany({
      where: { clusterId },
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

  // Kinds whose API group the cluster does not serve cannot be applied; the plan says so on each
  // object instead of failing the whole cluster (e.g. Istio missing in a new cluster).
  const kinds = [...desired, ...inventory];
  const served = await transient(() => servedGroups(api, kinds));

  // Write-ahead: every object gets its inventory row before it is applied, so an object Portico
  // created is never left outside the inventory, whatever happens to this process afterwards.
  const known = new Set(inventory.map(rowKey));
  const missing = desired.filter((o) => !known.has(objectKey(o)));
  if (missing.length > 0) {
    await insertPendingRows(db, clusterId, missing);
    inventory = await readInventory();
  }

  const liveKinds = full ? kinds : kinds.filter((k) => k.kind === "Deployment" || k.kind === "Service");
  const live = await transient(() => readLive(api, liveKinds, served));
  return { inventory, served, live };
}
