// The requester takes back a request that is not decided yet.
import { recordAudit } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { lockRequest } from "./lock-request";
import { assertCanSeeRequest } from "./request-scope";

export async function withdrawRequest(user: Principal, id: string, requestId?: string) {
  return prisma.$transaction(async (tx) => {
    const current = await lockRequest(tx, id);
    assertCanSeeRequest(user, current);
    if (current.requesterId !== user.id)
      throw AppError.forbidden("Only the requester can withdraw a request.");
    if (current.status !== "submitted" && current.status !== "changes_requested")
      throw AppError.conflict(
        `The request is already ${current.status.replace("_", " ")}; it cannot be withdrawn.`,
      );
    await tx.gatewayRequest.update({ where: { id }, data: { status: "withdrawn" } });
    await recordAudit(tx, {
      actor: user,
      action: "request.withdraw",
      targetType: "gateway-request",
      targetId: id,
      productSlug: current.productSlug,
      requestId,
      before: { status: current.status },
      after: { status: "withdrawn" },
    });
    return { id, status: "withdrawn" as const };
  });
}
