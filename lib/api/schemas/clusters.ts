// What the clusters' API answers about a cluster's inventory, sync history, drift and forced
// syncs, as JSON (dates as ISO strings). Pure zod: the browser's types are inferred from it.
import { z } from "zod";
import { isoDate } from "./shared";

/** What the cluster reports for an object: a Deployment's ready replicas, a Service's addresses. */
export const observedSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("Deployment"),
      replicas: z.number(),
      readyReplicas: z.number(),
      ready: z.boolean(),
    }),
    z.object({ kind: z.literal("Service"), addresses: z.array(z.string()) }),
  ])
  .nullable();
export type Observed = z.infer<typeof observedSchema>;

export const inventoryObjectSchema = z.object({
  id: z.string(),
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  productSlug: z.string().nullable(),
  status: z.enum(["pending", "synced", "waiting", "out_of_sync", "error", "drifted", "deleting"]),
  /** Why an object failed or waits (`waiting: gateway ns/name has no load-balancer address`). */
  message: z.string().nullable(),
  appliedHash: z.string().nullable(),
  errorKind: z.string().nullable(),
  /** Managers and fields of a conflict, as the sync stored them. */
  conflict: z.unknown(),
  observed: observedSchema,
  /** The object existed before Portico applied it: Portico keeps what it does not render in it. */
  preexisting: z.boolean(),
  revisionNumber: z.number().nullable(),
  lastAppliedAt: isoDate.nullable(),
  lastObservedAt: isoDate.nullable(),
});
export type InventoryObject = z.infer<typeof inventoryObjectSchema>;

/** GET /api/clusters/{name}/inventory */
export const inventoryResponseSchema = z.object({
  cluster: z.object({
    name: z.string(),
    status: z.enum(["unknown", "reachable", "unreachable", "error"]),
    statusMessage: z.string().nullable(),
    lastSyncAt: isoDate.nullable(),
    observedRevision: z.object({ number: z.number() }).nullable(),
  }),
  objects: z.array(inventoryObjectSchema),
});
export type InventoryResponse = z.infer<typeof inventoryResponseSchema>;

export const syncRunSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  revisionId: z.string(),
  jobId: z.string().nullable(),
  outcome: z.enum(["running", "succeeded", "failed", "partial"]),
  applied: z.number(),
  deleted: z.number(),
  unchanged: z.number(),
  errors: z.number(),
  message: z.string().nullable(),
  errorKind: z.string().nullable(),
  startedAt: isoDate,
  finishedAt: isoDate.nullable(),
  cluster: z.object({ name: z.string() }),
  revision: z.object({ number: z.number() }),
});
export type SyncRun = z.infer<typeof syncRunSchema>;

/** GET /api/sync/runs */
export const syncRunsResponseSchema = z.object({ runs: z.array(syncRunSchema) });
export type SyncRunsResponse = z.infer<typeof syncRunsResponseSchema>;

/** POST /api/clusters/{name}/sync (202): the reconcile is queued. */
export const syncQueuedSchema = z.object({
  queued: z.literal(true),
  cluster: z.string(),
  mode: z.enum(["sync", "revert", "force"]),
});
export type SyncQueued = z.infer<typeof syncQueuedSchema>;

/** GET /api/clusters/{name}/drift?key=KEY: one object live against desired. */
export const driftDescriptionSchema = z.object({
  key: z.string(),
  /** False when the live object holds what Portico wants (nothing to revert or adopt). */
  drifted: z.boolean(),
  /** Unified diff, live (-) against desired (+); empty when not drifted. */
  diff: z.string(),
  /** Fields added outside Portico (JSON pointers): a revert removes them, unless `preexisting`. */
  added: z.array(z.string()),
  /**
   * The object existed before Portico first applied it: Portico holds the fields it renders, and a
   * revert keeps the rest (`added`), which only its owners or the topology can change.
   */
  preexisting: z.boolean(),
  adopt: z.discriminatedUnion("possible", [
    z.object({ possible: z.literal(true), changes: z.array(z.string()) }),
    z.object({ possible: z.literal(false), reason: z.string() }),
  ]),
});
export type DriftDescription = z.infer<typeof driftDescriptionSchema>;

export const forcePreviewItemSchema = z.object({
  key: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  /** `change`: the forced apply changes the object; `refused`: Portico will not take it over. */
  outcome: z.enum(["change", "refused"]),
  /** Unified YAML diff, live (-) against the object after the forced apply (+). */
  diff: z.string(),
  /** Other field managers that lose fields to Portico. */
  managers: z.array(z.string()),
  /** Refused: what the takeover would remove, and why nothing happens. */
  lost: z.array(z.string()).optional(),
  message: z.string().optional(),
});
export type ForcePreviewItem = z.infer<typeof forcePreviewItemSchema>;

/** GET /api/clusters/{name}/force-plan: what a forced sync would do, per object. */
export const forcePreviewSchema = z.object({
  cluster: z.string(),
  revision: z.number().nullable(),
  items: z.array(forcePreviewItemSchema),
});
export type ForcePreview = z.infer<typeof forcePreviewSchema>;
