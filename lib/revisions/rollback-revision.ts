// Rollback re-applies an earlier revision's document as a new revision: history only grows, and
// the rollback itself can be rolled back.
import type { AuditActor } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { AnalysisOverride } from "./analysis-gate";
import { createRevision } from "./create-revision";

export async function rollbackRevision(
  tx: Tx,
  input: {
    toNumber: number;
    reason?: string;
    actor: AuditActor;
    requestId?: string;
    override?: AnalysisOverride;
  },
) {
  const target = await tx.revision.findUnique({ where: { number: input.toNumber } });
  if (!target) throw AppError.notFound(`Revision ${input.toNumber}`);
  const latest = await tx.revision.findFirst({ orderBy: { number: "desc" }, select: { number: true } });
  if (latest?.number === target.number) {
    throw AppError.conflict(
      `Revision ${target.number} is already the newest; there is nothing to roll back to.`,
    );
  }
  const why = input.reason?.trim();
  return createRevision(tx, {
    document: target.document,
    message: `Roll back to revision ${target.number}${why ? `: ${why}` : ""}`,
    actor: input.actor,
    requestId: input.requestId,
    rollbackOfId: target.id,
    override: input.override,
  });
}
