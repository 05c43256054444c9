// The plan of a topology per cluster (diffs and the clusters' dry runs), as POST /api/plan, the
// migration preview and the rollback preview send it. Pure zod: the browser's types come from it.
import { z } from "zod";
import { findingSchema, planActionSchema } from "./analysis";

export const planItemSchema = z.object({
  action: planActionSchema,
  /** `apiVersion/kind/namespace/name`. */
  key: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  /** Unified YAML diff live → desired. */
  diff: z.string().optional(),
  /** What the cluster said to the dry run, when it refused the object. */
  problem: z.object({ kind: z.string(), message: z.string() }).optional(),
});
export type PlanItem = z.infer<typeof planItemSchema>;

export const clusterPreviewSchema = z.object({
  items: z.array(planItemSchema),
  summary: z.object({
    create: z.number(),
    update: z.number(),
    delete: z.number(),
    unchanged: z.number(),
    problems: z.number(),
  }),
});

export const clusterPlanSchema = z.object({
  cluster: z.string(),
  /** False when the topology names a cluster nobody registered: nothing can be applied there. */
  registered: z.boolean(),
  /** Why the cluster could not be planned (unreachable, credentials refused...). */
  error: z.string().optional(),
  preview: clusterPreviewSchema.optional(),
});
export type ClusterPlan = z.infer<typeof clusterPlanSchema>;

/** POST /api/plan */
export const planResponseSchema = z.object({
  revision: z.number().nullable(),
  findings: z.array(findingSchema),
  clusters: z.array(clusterPlanSchema),
});
export type PlanResponse = z.infer<typeof planResponseSchema>;
