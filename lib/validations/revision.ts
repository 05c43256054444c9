import { z } from "zod";
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
});

export const revisionNumberParam = z.coerce
  .number({ message: "revision number must be a number" })
  .int()
  .min(1);

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
