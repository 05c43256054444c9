// A product's migration record as the wizard and the API read it: every event in order, and which
// applied steps are still in effect (not undone), so a reload or another engineer sees the same
// progress, Verify and Roll back.
import type { PrismaClient } from "@/lib/db/client";
import type { MigrationRecord } from "@/lib/api/schemas/migrations";

export async function getMigration(db: PrismaClient, product: string): Promise<MigrationRecord> {
  const record = await db.migration.findUnique({
    where: { productSlug: product },
    include: { events: { orderBy: [{ at: "asc" }, { id: "asc" }] } },
  });
  const events = (record?.events ?? []).map((e) => ({
    id: e.id,
    step: e.step,
    stage: e.stage,
    kind: e.kind,
    revision: e.revisionNumber,
    evidence: e.evidence,
    actorEmail: e.actorEmail,
    at: e.at.toISOString(),
  }));
  const undone = new Set(
    events
      .filter((e) => e.kind === "step.rolled-back")
      .map((e) => (e.evidence as { undoneRevision?: number }).undoneRevision),
  );
  return {
    product,
    startedAt: record?.createdAt.toISOString() ?? null,
    updatedAt: record?.updatedAt.toISOString() ?? null,
    events: events.map((e) => ({
      ...e,
      ...(e.kind === "step.applied" ? { rolledBack: undone.has(e.revision ?? undefined) } : {}),
    })),
  };
}
