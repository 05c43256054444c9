// Applies one migration step: recomputes it on the newest revision, refuses it when that is not
// the revision the user previewed or when the preview's checks block it, and records the revision
// and the step's event in one transaction.
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { cutOverGate } from "@/lib/cutover/cut-over-gate";
import { StageGateError } from "@/lib/cutover/stage-gate";
import type { PrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { isAnalyzerBlocker, requireApproval, stepBlockers, type StepInput } from "@/lib/migration";
import { canEverywhere } from "@/lib/auth/permissions";
import { changeScope, documentChanges } from "@/lib/topology";
import type { AnalysisOverride } from "@/lib/revisions/analysis-gate";
import { createRevision } from "@/lib/revisions/create-revision";
import type { MigrationEvidence } from "@/lib/migration/event-kinds";
import { computeStep } from "./compute-step";
import { cutOverBlockers, isCutOver, readCutOverFacts } from "./cut-over-facts";
import { recordMigrationEvent } from "./record-migration-event";

export type ApplyStepInput = {
  product: string;
  input: StepInput;
  message: string;
  /** The revision the user previewed the step on. */
  baseRevision: number;
  actor: AuditActor;
  requestId?: string;
  override?: AnalysisOverride;
  /** A written reason to cut over although DNS or the drain is not observed as done. */
  gateOverride?: { reason: string };
};

type CutOverGateEvidence = NonNullable<MigrationEvidence<"step.applied">["gate"]>;

export function stepStage(input: StepInput): string | null {
  return input.step === "insert" ? input.phase : null;
}

export async function applyMigrationStep(db: PrismaClient, a: ApplyStepInput) {
  const { baseRevision, before, preview } = await computeStep(db, a.product, a.input);
  const stale = () =>
    AppError.conflict(
      `Revision ${baseRevision} was created since this preview (based on ${a.baseRevision}); preview the step again. Nothing was applied.`,
    );
  if (baseRevision !== a.baseRevision) throw stale();
  // Step 1's cut-over removes the hosts from the shared gateway: clients still sent there would get
  // 404, so DNS and the drain are observed first (docs/cutover.md). The evidence goes into the event.
  let gate: CutOverGateEvidence | undefined;
  // Note: the step's blocker counts every analyzer error of the draft, also those its parent already
  // had (which createRevision's gate lets through), so dropping it needs the permission here too.
  if (a.override && preview.blockers.some(isAnalyzerBlocker)) {
    const holder = a.actor && "bindings" in a.actor ? a.actor : null;
    if (!canEverywhere(holder, "topology:override-analysis"))
      throw AppError.forbidden(
        "Only a platform engineer may apply a step despite analyzer errors; nothing was applied.",
      );
  }
  let blockers = stepBlockers(preview.blockers, a.override).remaining;
  if (isCutOver(a.input)) {
    const facts = await readCutOverFacts(before, a.product, preview);
    const { evidence } = facts;
    try {
      const verdict = cutOverGate({
        dns: evidence.dns,
        drain: evidence.drain,
        override: a.gateOverride,
        actor: a.actor,
      });
      gate = {
        verdict: verdict.kind,
        checks: verdict.checks,
        ...(verdict.kind === "overridden" ? { reason: verdict.reason } : {}),
        dns: evidence.dns,
        drain: {
          verdict: evidence.drain.verdict,
          reason: evidence.drain.reason,
          windowSeconds: evidence.drain.windowSeconds,
          sharedRequestsPerSecond: evidence.drain.sharedGateway?.requestsPerSecond ?? null,
          queries: evidence.drain.queries,
        },
        movedCalls: facts.moved.length,
      };
    } catch (err) {
      if (err instanceof StageGateError)
        throw new AppError(err.code, err.message, {
          details: { checks: err.checks, evidence: { dns: evidence.dns, drain: evidence.drain } },
        });
      throw err;
    }
    blockers = cutOverBlockers(blockers, facts, true);
  }
  if (blockers.length)
    throw AppError.unprocessable(`The step is blocked: ${blockers.join(" ")} Nothing was applied.`, {
      blockers,
    });
  const [clusterRows, rules] = await Promise.all([
    db.cluster.findMany({ select: { name: true, production: true } }),
    db.approvalRule.findMany({ select: { name: true, productionOnly: true, requiredApprovals: true } }),
  ]);
  const touched = changeScope(documentChanges(before, preview.topology)).clusters;
  const approval = requireApproval({ touched, clusters: clusterRows, rules });
  if (approval.required)
    throw AppError.conflict(
      `The step touches production cluster(s) ${approval.productionClusters.join(", ")}; the approval policy routes it through a gateway request. Nothing was applied.`,
      { approval },
    );
  return db.$transaction(async (tx) => {
    const revision = await createRevision(tx, {
      document: preview.topology,
      message: a.message,
      actor: a.actor,
      requestId: a.requestId,
      override: a.override,
    });
    // Note: createRevision serialises writers; a revision written between the check above and its
    // lock would be silently overwritten, so the parent is checked again under the lock.
    if (revision.parentNumber !== a.baseRevision) throw stale();
    const clusters = await tx.cluster.findMany({
      where: { name: { in: preview.topology.clusters.map((c) => c.name) } },
      select: { name: true },
    });
    const event = await recordMigrationEvent(tx, {
      product: a.product,
      step: a.input.step,
      stage: stepStage(a.input),
      kind: "step.applied",
      revision,
      evidence: {
        input: a.input,
        baseRevision: a.baseRevision,
        changes: preview.changes,
        notes: preview.notes,
        clusters: clusters.map((c) => c.name).sort(),
        ...(gate ? { gate } : {}),
      },
      actor: a.actor,
      requestId: a.requestId,
    });
    if (gate?.verdict === "overridden")
      await recordAudit(tx, {
        actor: a.actor,
        action: "cutover.gate.override",
        targetType: "product",
        targetId: a.product,
        productSlug: a.product,
        requestId: a.requestId,
        after: {
          stage: "cut-over",
          revision: revision.number,
          reason: gate.reason,
          failed: gate.checks.filter((c) => !c.pass),
        },
      });
    return { revision, event };
  });
}
