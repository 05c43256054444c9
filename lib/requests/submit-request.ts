// A team lead asks for a product gateway: the request is stored as submitted with its audit event.
import { recordAudit } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import type { GatewayRequestPayload } from "@/lib/validations/request";
import { assertOwnClaims } from "./assert-own-claims";
import { resolveRequestTeam } from "./request-scope";
import { toRequestView } from "./request-view";

export async function submitRequest(user: Principal, payload: GatewayRequestPayload, requestId?: string) {
  return prisma.$transaction(async (tx) => {
    const team = await resolveRequestTeam(tx, user, "request:create", payload.team, payload.product);
    await assertOwnClaims(tx, payload);
    const created = await tx.gatewayRequest.create({
      data: {
        teamId: team.id,
        requesterId: user.id,
        productSlug: payload.product,
        payload,
        status: "submitted",
      },
      include: { requester: { select: { email: true } }, team: { select: { slug: true } } },
    });
    await recordAudit(tx, {
      actor: user,
      action: "request.submit",
      targetType: "gateway-request",
      targetId: created.id,
      productSlug: payload.product,
      requestId,
      after: { status: "submitted", payload },
    });
    return toRequestView(created);
  });
}
