// Appends one event to a product's migration record, in the caller's transaction: a step's event
// commits with the revision it creates, or not at all. Evidence is checked against its kind.
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { parseEvidence } from "@/lib/migration/event-kinds";

export type MigrationEventInput = {
  product: string;
  step: string;
  stage?: string | null;
  kind: string;
  revision?: { id: string; number: number } | null;
  evidence: unknown;
  actor: AuditActor;
  requestId?: string;
};

export async function recordMigrationEvent(tx: Tx, input: MigrationEventInput) {
  const parsed = parseEvidence(input.kind, input.evidence);
  if (!parsed.ok) throw AppError.unprocessable(`${parsed.message} Nothing was recorded.`);
  const migration = await tx.migration.upsert({
    where: { productSlug: input.product },
    create: { productSlug: input.product },
    update: { updatedAt: new Date() },
  });
  const actor = input.actor && "id" in input.actor ? input.actor : null;
  const event = await tx.migrationEvent.create({
    data: {
      migrationId: migration.id,
      step: input.step,
      stage: input.stage ?? null,
      kind: input.kind,
      revisionId: input.revision?.id ?? null,
      revisionNumber: input.revision?.number ?? null,
      evidence: parsed.evidence as Prisma.InputJsonValue,
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
    },
  });
  await recordAudit(tx, {
    actor: input.actor,
    action: `migration.${input.kind}`,
    targetType: "migration",
    targetId: event.id,
    productSlug: input.product,
    requestId: input.requestId,
    after: {
      step: input.step,
      stage: input.stage ?? null,
      revision: input.revision?.number ?? null,
      evidence: parsed.evidence,
    },
  });
  return event;
}
