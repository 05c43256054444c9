// A platform engineer decides on a request. An approval that satisfies the approval rules turns
// the request into a desired-state revision in the same transaction as the review and its audit
// events, so an approved request always has its revision and sync jobs, and a failure leaves none.
import { analyze } from "@/lib/analysis";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import type { RequestStatus } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { createRevision } from "@/lib/revisions/create-revision";
import type { GatewayRequestPayload, ReviewDecisionName } from "@/lib/validations/request";
import { approvalPolicy, approvalRefusal } from "./approval-policy";
import { buildDraft, loadDraftBase } from "./build-draft";
import { introducedErrors } from "@/lib/analysis/introduced-errors";
import { lockRequest } from "./lock-request";
import { assertCanSeeRequest } from "./request-scope";
import { statusName } from "./request-view";

// Same key as lib/revisions/create-revision.ts: held from reading the newest revision to writing
// the next one, so a revision committed meanwhile is never silently overwritten by the draft.
const REVISION_LOCK = 7_346_202;

export type ReviewInput = { decision: ReviewDecisionName; comment?: string };

export async function reviewRequest(user: Principal, id: string, input: ReviewInput, requestId?: string) {
  return prisma.$transaction(
    async (tx) => {
      const current = await lockRequest(tx, id);
      assertCanSeeRequest(user, current);
      if (current.status !== "submitted")
        throw AppError.conflict(
          `The request is ${statusName(current.status)}; only submitted requests can be reviewed.`,
        );
      const payload = current.payload as GatewayRequestPayload;
      const decision = input.decision === "request-changes" ? "request_changes" : input.decision;

      const rules = await tx.approvalRule.findMany({ orderBy: { name: "asc" } });
      const production = await tx.cluster.count({
        where: { name: { in: payload.clusters }, production: true },
      });
      const prior = await tx.requestReview.findMany({
        where: { requestId: id, createdAt: { gte: current.submittedAt } },
        select: { reviewerId: true, decision: true, createdAt: true },
      });
      const policyInput = {
        rules,
        requesterId: current.requesterId,
        touchesProduction: production > 0,
        reviews: prior,
      };
      if (decision === "approve") {
        const refusal = approvalRefusal(policyInput, user.id);
        if (refusal) throw AppError.forbidden(refusal);
      }

      const review = await tx.requestReview.create({
        data: { requestId: id, reviewerId: user.id, decision, comment: input.comment || null },
      });
      await recordAudit(tx, {
        actor: user,
        action: `request.review.${input.decision}`,
        targetType: "gateway-request",
        targetId: id,
        productSlug: current.productSlug,
        requestId,
        after: { decision: input.decision, comment: input.comment ?? null },
      });

      let status: RequestStatus = current.status as RequestStatus;
      let revision: { id: string; number: number } | null = null;
      const verdict = approvalPolicy({
        ...policyInput,
        reviews: [...prior, { reviewerId: user.id, decision, createdAt: review.createdAt }],
      });
      if (decision === "reject") status = "rejected";
      else if (decision === "request_changes") status = "changes_requested";
      else if (decision === "approve" && verdict.satisfied) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REVISION_LOCK})`;
        const base = await loadDraftBase(tx, payload.clusters);
        const draft = buildDraft(base, payload);
        if (!draft.parsed.ok)
          throw AppError.unprocessable("The request does not make a valid topology; ask for changes.", {
            issues: draft.parsed.errors,
          });
        const introduced = introducedErrors(
          base.base ? analyze(base.base) : [],
          analyze(draft.parsed.topology),
        );
        if (introduced.length > 0)
          throw AppError.unprocessable(
            "The analyzer reports errors this request introduces; ask for changes instead of approving.",
            { findings: introduced },
          );
        revision = await createRevision(tx, {
          document: draft.document,
          message: `Gateway for ${payload.product} (request ${id})`,
          actor: user,
          requestId,
        });
        // The product is the requesting team's from now on: its lead reads it (export, history)
        // like the team's other products. Submission refused a slug owned by another team.
        await tx.product.upsert({
          where: { slug: payload.product },
          update: {},
          create: { slug: payload.product, name: payload.product, teamId: current.teamId },
        });
        status = "approved";
      }

      if (status !== current.status || revision) {
        await tx.gatewayRequest.update({
          where: { id },
          data: { status, revisionId: revision?.id ?? undefined },
        });
        await recordAudit(tx, {
          actor: user,
          action: `request.${statusName(status)}`,
          targetType: "gateway-request",
          targetId: id,
          productSlug: current.productSlug,
          requestId,
          before: { status: statusName(current.status) },
          after: { status: statusName(status), revision: revision?.number ?? null },
        });
      }
      return {
        id,
        status: statusName(status),
        revision,
        approvals: {
          required: verdict.required,
          approvers: verdict.approvers.length,
          rules: verdict.appliedRules,
        },
      };
    },
    { timeout: 30_000 },
  );
}
