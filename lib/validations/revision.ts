import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { MIN_OVERRIDE_REASON } from "@/lib/revisions/analysis-gate";

/** A new revision: the whole topology document and why it changes. The document itself is checked
 * by the topology schema (lib/topology/schema.ts), which reports paths and hints. */
/** Stores a revision despite analyzer errors; platform engineers only, audited with the findings. */
export const analysisOverrideSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(
      MIN_OVERRIDE_REASON,
      `say in at least ${MIN_OVERRIDE_REASON} characters why the analyzer's errors may be ignored`,
    )
    .max(2000),
});

export const createRevisionSchema = z.strictObject({
  document: z.record(z.string(), z.unknown(), { message: "document must be a topology object" }),
  message: z.string().trim().min(1, "say why the change is made").max(2000),
  override: analysisOverrideSchema.optional(),
});

export const rollbackSchema = z.strictObject({
  reason: z.string().trim().max(2000).optional(),
  override: analysisOverrideSchema.optional(),
  /** Every later revision the rollback undoes, as the confirmation showed them. */
  confirmUndoing: z.array(z.number().int().min(1)).max(10_000).optional(),
  /** Roll back without naming the revisions undone. */
  force: z.boolean().optional(),
});

const revisionNumberParam = z.coerce.number().int().min(1);

/** The revision number of a path (`/api/revisions/3/...`); anything else is a 400 that says so. */
export function parseRevisionNumber(raw: string | undefined): number {
  const number = revisionNumberParam.safeParse(raw);
  if (!number.success) throw AppError.badRequest(`"${raw}" is not a revision number; use 1, 2, 3...`);
  return number.data;
}

export const planSchema = z.strictObject({
  /** A draft topology; the newest revision when left out. */
  document: z.record(z.string(), z.unknown()).optional(),
});

export const syncRequestSchema = z.strictObject({
  mode: z.enum(["sync", "revert", "force"]).default("sync"),
});

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const resolutionsSchema = z
  .record(
    z.string().min(1).max(500),
    z.enum(["revert", "keep"], { message: 'resolve a path with "revert" or "keep"' }),
  )
  .refine((r) => Object.keys(r).length <= 1000, "at most 1000 resolutions");

/** Undo one revision's change (three-way on the newest revision). */
export const undoSchema = z.strictObject({
  reason: z.string().trim().max(2000).optional(),
  override: analysisOverrideSchema.optional(),
  /** Per conflicting path as the 409 reported it: revert it anyway, or keep the later change. */
  resolutions: resolutionsSchema.optional(),
  /** Revert every conflicting path (the later changes to those parts are lost). */
  force: z.boolean().optional(),
});

/** What a rollback would do, before anything is written. */
export const rollbackPreviewSchema = z.strictObject({
  mode: z.enum(["undo", "restore"], { message: 'mode is "undo" (one change) or "restore" (a whole state)' }),
  resolutions: resolutionsSchema.optional(),
  force: z.boolean().optional(),
});

export const compareQuerySchema = z.object({
  /** The older side; the parent of `to` when left out. */
  from: z.coerce.number().int().min(1).optional(),
  to: z.coerce.number({ message: "to must be a revision number" }).int().min(1),
  /** Only this product's parts and objects. */
  product: z.string().trim().min(1).max(63).optional(),
});
