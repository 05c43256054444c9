import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { stepAppliedSchema } from "@/lib/api/schemas/migrations";
import { applyMigrationStep } from "@/lib/migration-records/apply-migration-step";
import { applyStepSchema } from "@/lib/validations/migration-record";

// Applies one migration step: recomputes it on the newest revision (409 when that is not the
// previewed `baseRevision`, 422 when its checks block it, 409 when the approval policy routes it
// through a request; step 1's cut-over is held by its DNS and drain gate, docs/cutover.md) and records the revision and the step's event together. Permission: topology:write
export const POST = route(
  { permission: "topology:write", body: applyStepSchema, response: stepAppliedSchema },
  async ({ user, body, params, requestId }) => {
    const { revision, event } = await applyMigrationStep(prisma, {
      product: params.product ?? "",
      input: body.step,
      message: body.message,
      baseRevision: body.baseRevision,
      actor: user,
      requestId,
      override: body.override,
      gateOverride: body.gateOverride,
    });
    return json(
      { number: revision.number, id: revision.id, event: event.id, clusters: revision.clusters },
      { status: 201 },
    );
  },
);
