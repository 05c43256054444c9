import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors/app-error";
import { CLIENT_EVENT_KINDS, isMigrationEventKind } from "@/lib/migration/event-kinds";
import { recordMigrationEvent } from "@/lib/migration-records/record-migration-event";
import { migrationEventSchema } from "@/lib/validations/migration-record";

// Appends evidence to a product's migration record (e.g. what Verify found). Only kinds recorded by
// clients are accepted; steps and rollbacks are recorded with their revision. Permission: topology:write
export const POST = route(
  { permission: "topology:write", body: migrationEventSchema },
  async ({ user, body, params, requestId }) => {
    if (!isMigrationEventKind(body.kind) || !CLIENT_EVENT_KINDS.includes(body.kind))
      throw AppError.unprocessable(
        `"${body.kind}" cannot be appended here; use one of ${CLIENT_EVENT_KINDS.join(", ")} (steps and rollbacks are recorded when they are applied). Nothing was recorded.`,
      );
    const product = params.product ?? "";
    const revision = body.revision
      ? await prisma.revision.findUnique({
          where: { number: body.revision },
          select: { id: true, number: true },
        })
      : null;
    if (body.revision && !revision) throw AppError.notFound(`Revision ${body.revision}`);
    const event = await prisma.$transaction(async (tx) => {
      if (!(await tx.migration.findUnique({ where: { productSlug: product } })))
        throw AppError.notFound(`A migration of "${product}" (apply a step first)`);
      return recordMigrationEvent(tx, {
        product,
        step: body.step,
        stage: body.stage,
        kind: body.kind,
        revision,
        evidence: body.evidence,
        actor: user,
        requestId,
      });
    });
    return json({ id: event.id }, { status: 201 });
  },
);
