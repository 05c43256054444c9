// Rollback to a revision re-applies that revision's whole document as a new revision: history only
// grows, and the rollback itself can be rolled back. It undoes every later revision, so it is
// refused (409, naming them) unless the caller confirms exactly those revisions or forces it; to
// undo one change only, see undo-revision.ts.
import type { AuditActor } from "@/lib/audit/record-audit";
import type { PrismaClient, Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { documentChanges, type Topology } from "@/lib/topology";
import type { AnalysisOverride } from "./analysis-gate";
import { createRevision } from "./create-revision";
import { requireNewestTopology } from "./newest-topology";

/** What restoring revision `number` would do, without writing anything. */
export async function planRestore(db: Tx | PrismaClient, number: number) {
  const target = await db.revision.findUnique({ where: { number } });
  if (!target) throw AppError.notFound(`Revision ${number}`);
  const newest = await requireNewestTopology(db);
  if (newest.number === target.number)
    throw AppError.conflict(
      `Revision ${target.number} is already the newest; there is nothing to roll back to.`,
    );
  const undoes = await db.revision.findMany({
    where: { number: { gt: number } },
    orderBy: { number: "desc" },
    select: {
      number: true,
      message: true,
      products: true,
      clusters: true,
      createdAt: true,
      author: { select: { email: true } },
    },
  });
  return {
    target,
    newest: newest.number,
    topology: target.document as unknown as Topology,
    undoes: undoes.map((r) => ({
      ...r,
      author: r.author?.email ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    changes: documentChanges(newest.topology, target.document as unknown as Topology),
  };
}

export async function rollbackRevision(
  tx: Tx,
  input: {
    toNumber: number;
    reason?: string;
    actor: AuditActor;
    requestId?: string;
    override?: AnalysisOverride;
    /** The revisions the caller was shown as undone (all later ones); or `force`. */
    confirmUndoing?: number[];
    force?: boolean;
  },
) {
  const plan = await planRestore(tx, input.toNumber);
  const shown = new Set(input.confirmUndoing ?? []);
  const confirmed =
    input.force || (shown.size === plan.undoes.length && plan.undoes.every((r) => shown.has(r.number)));
  if (!confirmed)
    throw AppError.conflict(
      `Rolling back to revision ${input.toNumber} undoes revision(s) ${plan.undoes.map((r) => r.number).join(", ")} (products ${[...new Set(plan.undoes.flatMap((r) => r.products))].join(", ") || "none"}). Confirm them (confirmUndoing) or force; to undo one change only, use POST /api/revisions/{number}/undo. Nothing was written.`,
      { undoes: plan.undoes },
    );
  const why = input.reason?.trim();
  return createRevision(tx, {
    document: plan.target.document,
    message: `Roll back to revision ${plan.target.number}${why ? `: ${why}` : ""}`,
    actor: input.actor,
    requestId: input.requestId,
    rollbackOfId: plan.target.id,
    override: input.override,
  });
}
