import { z } from "zod";
import { migrationStepSchema } from "./migration";
import { analysisOverrideSchema } from "./revision";

/** Apply a step: the step as previewed, on the revision it was previewed on. */
export const applyStepSchema = z.strictObject({
  step: migrationStepSchema,
  message: z.string().trim().min(1, "say why the change is made").max(2000),
  baseRevision: z.number({ message: "baseRevision is the revision the step was previewed on" }).int().min(1),
  override: analysisOverrideSchema.optional(),
  /** Step 1's cut-over: a written reason to proceed although DNS or the drain is not observed as done. */
  gateOverride: analysisOverrideSchema.optional(),
});

/** An event a client appends to a migration record (only kinds recorded by clients). */
export const migrationEventSchema = z.strictObject({
  kind: z.string().min(1).max(100),
  step: z.string().min(1).max(50),
  stage: z.string().min(1).max(50).optional(),
  revision: z.number().int().min(1).optional(),
  evidence: z.unknown(),
});
