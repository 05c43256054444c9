import { z } from "zod";
import { migrationStepSchema } from "./migration";
import { MIN_OVERRIDE_REASON } from "@/lib/revisions/analysis-gate";
import { analysisOverrideSchema } from "./revision";

/** Step 1's cut-over despite its gate (DNS, drain): a written reason, audited with the evidence. */
const gateOverrideSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(
      MIN_OVERRIDE_REASON,
      `say in at least ${MIN_OVERRIDE_REASON} characters why the cut-over may proceed although DNS or the drain is not observed as done`,
    )
    .max(2000),
});

/** Apply a step: the step as previewed, on the revision it was previewed on. */
export const applyStepSchema = z.strictObject({
  step: migrationStepSchema,
  message: z.string().trim().min(1, "say why the change is made").max(2000),
  baseRevision: z.number({ message: "baseRevision is the revision the step was previewed on" }).int().min(1),
  override: analysisOverrideSchema.optional(),
  /** Step 1's cut-over: a written reason to proceed although DNS or the drain is not observed as done. */
  gateOverride: gateOverrideSchema.optional(),
});

/** An event a client appends to a migration record (only kinds recorded by clients). */
export const migrationEventSchema = z.strictObject({
  kind: z.string().min(1).max(100),
  step: z.string().min(1).max(50),
  stage: z.string().min(1).max(50).optional(),
  revision: z.number().int().min(1).optional(),
  // Note: a bare z.unknown() would answer "expected nonoptional, received undefined" when missing.
  evidence: z
    .unknown()
    .refine(
      (v) => v !== undefined,
      "evidence is required: the JSON the event kind records (docs/migrations.md)",
    ),
});
