// What the clusters' JSON API answers about a cluster's inventory and sync history, as the browser
// reads it (dates as ISO strings): one description for every page that shows them.
import type { Observed } from "@/lib/sync/observe";
import type { ForcePreview } from "@/lib/sync/preview-force";

/** GET /api/clusters/NAME/inventory: one object Portico manages there. */
export type InventoryObject = {
  id: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  productSlug: string | null;
  status: "pending" | "synced" | "waiting" | "out_of_sync" | "error" | "drifted" | "deleting";
  /** Why an object failed or waits (`waiting: gateway ns/name has no load-balancer address`). */
  message: string | null;
  errorKind: string | null;
  /** Managers and fields of a conflict, as the sync stored them. */
  conflict: unknown;
  observed: Observed;
  /** The object existed before Portico applied it: Portico keeps what it does not render in it. */
  preexisting: boolean;
  revisionNumber: number | null;
  lastAppliedAt: string | null;
  lastObservedAt: string | null;
};

export type InventoryResponse = {
  cluster: {
    name: string;
    status: string;
    statusMessage: string | null;
    lastSyncAt: string | null;
    observedRevision: { number: number } | null;
  };
  objects: InventoryObject[];
};

/** GET /api/sync/runs: one reconcile of one cluster. */
export type SyncRun = {
  id: string;
  outcome: "running" | "succeeded" | "failed" | "partial";
  applied: number;
  deleted: number;
  unchanged: number;
  errors: number;
  message: string | null;
  errorKind: string | null;
  startedAt: string;
  finishedAt: string | null;
  cluster: { name: string };
  revision: { number: number };
};

/** GET /api/clusters/NAME/drift?key=KEY: one object live against desired. */
export type DriftDescription = {
  key: string;
  drifted: boolean;
  /** Unified diff, live (-) against desired (+). */
  diff: string;
  /** JSON pointers of fields added outside Portico; a revert removes them unless `preexisting`. */
  added: string[];
  /** The object existed before Portico applied it: a revert keeps what Portico does not render. */
  preexisting: boolean;
  adopt: { possible: true; changes: string[] } | { possible: false; reason: string };
};

/** GET /api/clusters/NAME/force-plan: what a forced sync would do, per object. */
export type { ForcePreview };
