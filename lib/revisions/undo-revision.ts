// Undoes one revision's change as a new revision: the inverse of its diff against its parent,
// applied three-way on the newest revision (lib/topology/revert-change.ts). Parts changed later by
// someone else are left alone; parts changed later *and* by the undone revision are conflicts the
// caller settles (per path, or `force`), else the undo is refused with 409 and nothing is written.
import type { AuditActor } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordMigrationEvent } from "@/lib/migration-records/record-migration-event";
import {
  documentChanges,
  partOf,
  revertChange,
  type DocumentChange,
  type Resolution,
  type RevertResult,
  type Topology,
} from "@/lib/topology";
import type { AnalysisOverride } from "./analysis-gate";
import { createRevision } from "./create-revision";
import { requireNewestTopology } from "./newest-topology";

export type UndoChoice = { resolutions?: Record<string, Resolution>; force?: boolean };

export type UndoPlan = {
  target: { id: string; number: number; message: string };
  newest: number;
  result: RevertResult;
  /** Per conflicting path, the later revisions that changed its part. */
  conflicts: (RevertResult["conflicts"][number] & { revisions: number[] })[];
  /** What the new revision would change against the newest one. */
  changes: DocumentChange[];
};

/** Computes the undo of revision `number` without writing anything. */
export async function planUndo(
  db: Tx | PrismaClient,
  number: number,
  choice: UndoChoice = {},
): Promise<UndoPlan> {
  const target = await db.revision.findUnique({
    where: { number },
    select: { id: true, number: true, message: true, document: true, parent: { select: { document: true } } },
  });
  if (!target) throw AppError.notFound(`Revision ${number}`);
  if (!target.parent)
    throw AppError.unprocessable(
      `Revision ${number} is the first revision; there is no earlier state to undo it to. Roll back to a later revision instead.`,
    );
  const newest = await requireNewestTopology(db);
  const current = newest.topology;
  const result = revertChange({
    before: target.parent.document as unknown as Topology,
    undone: target.document as unknown as Topology,
    current,
    ...choice,
  });
  const conflicts = result.conflicts.length
    ? await laterRevisionsTouching(
        db,
        number,
        result.conflicts.map((c) => partOf(c.path)),
      )
    : new Map<string, number[]>();
  return {
    target: { id: target.id, number: target.number, message: target.message },
    newest: newest.number,
    result,
    conflicts: result.conflicts.map((c) => ({ ...c, revisions: conflicts.get(partOf(c.path)) ?? [] })),
    changes: documentChanges(current, result.topology),
  };
}

// Note: reads the `changes` each revision keeps; revisions recorded before it was kept count as
// touching everything, which overstates rather than hides who else changed a part.
async function laterRevisionsTouching(db: Tx | PrismaClient, after: number, parts: string[]) {
  const rows = await db.revision.findMany({
    where: { number: { gt: after } },
    orderBy: { number: "asc" },
    select: { number: true, changes: true },
  });
  const out = new Map<string, number[]>();
  for (const part of parts) {
    out.set(
      part,
      rows
        .filter((r) => !r.changes || (r.changes as DocumentChange[]).some((c) => c.path === part))
        .map((r) => r.number),
    );
  }
  return out;
}

export async function undoRevision(
  tx: Tx,
  input: {
    number: number;
    reason?: string;
    actor: AuditActor;
    requestId?: string;
    override?: AnalysisOverride;
  } & UndoChoice,
) {
  const plan = await planUndo(tx, input.number, input);
  if (plan.conflicts.length)
    throw AppError.conflict(
      `Revisions after ${input.number} changed ${plan.conflicts.length} part(s) that revision ${input.number} changed too: ${plan.conflicts
        .map((c) => `${c.path} (revision ${c.revisions.join(", ") || "?"})`)
        .join(
          "; ",
        )}. Choose per path to revert or keep the later change (resolutions), or force; nothing was written.`,
      {
        conflicts: plan.conflicts.map(({ path, revisions, before, current }) => ({
          path,
          revisions,
          before,
          current,
        })),
      },
    );
  if (plan.changes.length === 0)
    throw AppError.conflict(
      `Revision ${input.number}'s change is already undone in revision ${plan.newest}; there is nothing to undo.`,
    );
  // A migration step undone is an event of its migration, in the same transaction.
  const steps = await tx.migrationEvent.findMany({
    where: { revisionId: plan.target.id, kind: "step.applied" },
    include: { migration: { select: { productSlug: true } } },
  });
  // Note: undoing a product's step never removes another product's parts, even ones the step added.
  const stepProducts = new Set(steps.map((s) => s.migration.productSlug));
  const foreign = plan.changes.filter(
    (c) => c.action === "removed" && stepProducts.size && c.products.some((p) => !stepProducts.has(p)),
  );
  if (foreign.length)
    throw AppError.conflict(
      `Undoing this ${[...stepProducts].join(", ")} step would remove ${foreign.map((c) => c.path).join(", ")} of another product; undo it from the revision history with that product's owners instead. Nothing was written.`,
      { foreign: foreign.map((c) => c.path) },
    );
  const why = input.reason?.trim();
  const revision = await createRevision(tx, {
    document: plan.result.topology,
    message: `Undo revision ${input.number} (${plan.target.message})${why ? `: ${why}` : ""}`,
    actor: input.actor,
    requestId: input.requestId,
    rollbackOfId: plan.target.id,
    override: input.override,
  });
  for (const step of steps)
    await recordMigrationEvent(tx, {
      product: step.migration.productSlug,
      step: step.step,
      stage: step.stage,
      kind: "step.rolled-back",
      revision,
      evidence: {
        undoneRevision: input.number,
        reverted: plan.result.reverted,
        resolved: plan.result.resolved,
        clusters: revision.clusters,
        ...(why ? { reason: why } : {}),
      },
      actor: input.actor,
      requestId: input.requestId,
    });
  return { revision, plan };
}
