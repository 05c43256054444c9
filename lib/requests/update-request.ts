// The requester edits a request reviewers sent back and submits it again. Earlier approvals no
// longer count: the policy only looks at reviews after the last submission.
import { recordAudit } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { lockRequest } from "./lock-request";
import { assertOwnClaims } from "./assert-own-claims";
import { assertCanSeeRequest, resolveRequestTeam } from "./request-scope";
import { toRequestView } from "./request-view";

export async function updateRequest(
  user: Principal,
  id: string,
  payload: GatewayRequestPayload,
  requestId?: string,
) {
  return prisma.$transaction(async (tx) => {
    const current = await lockRequest(tx, id);
    assertCanSeeRequest(user, current);
    if (current.requesterId !== user.id) throw AppError.forbidden("Only the requester can edit a request.");
    if (current.status !== "changes_requested" && current.status !== "submitted")
      throw AppError.conflict(
        `The request is ${current.status.replace("_", " ")}; only submitted or sent-back requests can be edited.`,
      );
    const team = await resolveRequestTeam(tx, user, "request:create", payload.team, payload.product);
    await assertOwnClaims(tx, payload);
    const updated = await tx.gatewayRequest.update({
      where: { id },
      data: {
        payload,
        teamId: team.id,
        productSlug: payload.product,
        status: "submitted",
        submittedAt: new Date(),
      },
      include: { requester: { select: { email: true } }, team: { select: { slug: true } } },
    });
    await recordAudit(tx, {
      actor: user,
      action: "request.resubmit",
      targetType: "gateway-request",
      targetId: id,
      productSlug: payload.product,
      requestId,
      before: { status: current.status, payload: current.payload },
      after: { status: "submitted", payload },
    });
    return toRequestView(updated);
  });
}
