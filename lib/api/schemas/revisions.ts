// What the revision history endpoints answer, as JSON (dates as ISO strings). Pure zod: the
// browser's types are inferred from it.
import { z } from "zod";
import { isoDate } from "./shared";
import { clusterDiffSchema, documentChangeSchema } from "./analysis";
import { clusterPlanSchema } from "./plan";

export const revisionSummarySchema = z.object({
  number: z.number(),
  /** Null for a team lead when the revision is not one of theirs. */
  message: z.string().nullable(),
  createdAt: isoDate,
  documentHash: z.string(),
  rollbackOfId: z.string().nullable(),
  /** Products the revision changed (a team lead's own only). */
  products: z.array(z.string()),
  clusters: z.array(z.string()),
  parentNumber: z.number().nullable(),
  rollbackOfNumber: z.number().nullable(),
  author: z.object({ email: z.string(), name: z.string().nullable() }).nullable().optional(),
});
export type RevisionSummary = z.infer<typeof revisionSummarySchema>;

/** GET /api/revisions */
export const revisionListSchema = z.object({ revisions: z.array(revisionSummarySchema) });
export type RevisionList = z.infer<typeof revisionListSchema>;

/** POST /api/revisions (201): the revision recorded. */
export const revisionCreatedSchema = z.object({
  number: z.number(),
  id: z.string(),
  documentHash: z.string(),
});
export type RevisionCreated = z.infer<typeof revisionCreatedSchema>;

/** POST /api/revisions/{number}/rollback (201): the revision that restores the earlier state. */
export const rollbackCreatedSchema = z.object({ number: z.number(), id: z.string() });
export type RollbackCreated = z.infer<typeof rollbackCreatedSchema>;

/** POST /api/revisions/{number}/undo (201): the revision that undoes one change. */
export const undoCreatedSchema = z.object({
  number: z.number(),
  id: z.string(),
  undone: z.number(),
  reverted: z.array(z.string()),
  resolved: z.array(z.object({ path: z.string(), resolution: z.enum(["revert", "keep"]) })),
  products: z.array(z.string()),
  clusters: z.array(z.string()),
});
export type UndoCreated = z.infer<typeof undoCreatedSchema>;

/** POST /api/revisions/{number}/rollback-preview */
export const rollbackPreviewResponseSchema = z.object({
  mode: z.enum(["undo", "restore"]),
  revision: z.number(),
  newest: z.number(),
  changes: z.array(documentChangeSchema),
  /** Paths put back to their value before the undone revision. */
  reverted: z.array(z.string()),
  /** Conflicting paths settled by a resolution. */
  resolved: z.array(z.object({ path: z.string(), resolution: z.enum(["revert", "keep"]) })),
  /** Paths later revisions changed too, with those revisions. */
  conflicts: z.array(
    z.object({
      path: z.string(),
      revisions: z.array(z.number()),
      before: z.unknown(),
      undone: z.unknown(),
      current: z.unknown(),
    }),
  ),
  /** Restore: every later revision it undoes. */
  undoes: z.array(
    z.object({
      number: z.number(),
      message: z.string(),
      products: z.array(z.string()),
      clusters: z.array(z.string()),
      author: z.string().nullable(),
      createdAt: isoDate,
    }),
  ),
  plan: z.array(clusterPlanSchema),
});
export type RollbackPreview = z.infer<typeof rollbackPreviewResponseSchema>;

/** GET /api/revisions/compare */
export const compareResponseSchema = z.object({
  from: z.number().nullable(),
  to: z.number(),
  product: z.string().nullable(),
  changes: z.array(documentChangeSchema),
  clusters: z.array(clusterDiffSchema),
});
export type CompareResponse = z.infer<typeof compareResponseSchema>;
