// One request with its reviews, its timeline (from the audit log) and its sync outcome.
import { canEverywhere, scopedTeamIds } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { RequestStatusName } from "./request-view";
import { refreshRequestStatus, readSyncOutcome } from "./refresh-request-status";
import { assertCanSeeRequest } from "./request-scope";
import { statusColumn, toRequestView } from "./request-view";
import { approvalPolicy } from "./approval-policy";

const include = { requester: { select: { email: true } }, team: { select: { slug: true } } } as const;

export async function listRequests(user: Principal, filter: { status?: RequestStatusName; limit: number }) {
  const rows = await prisma.gatewayRequest.findMany({
    where: {
      ...(canEverywhere(user, "request:read") ? {} : { teamId: { in: scopedTeamIds(user, "request:read") } }),
      ...(filter.status ? { status: statusColumn(filter.status) } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: filter.limit,
    include,
  });
  return rows.map(toRequestView);
}

export async function getRequest(user: Principal, id: string) {
  const found = await prisma.gatewayRequest.findUnique({ where: { id }, select: { id: true, teamId: true } });
  if (!found) throw AppError.notFound(`Request ${id}`);
  assertCanSeeRequest(user, found);
  await refreshRequestStatus(prisma, id);
  const row = await prisma.gatewayRequest.findUniqueOrThrow({
    where: { id },
    include: {
      ...include,
      revision: { select: { number: true } },
      reviews: { orderBy: { createdAt: "asc" }, include: { reviewer: { select: { email: true } } } },
    },
  });
  const events = await prisma.auditEvent.findMany({
    where: { targetType: "gateway-request", targetId: id },
    orderBy: { id: "asc" },
    select: { id: true, at: true, action: true, actorEmail: true },
  });
  const rules = await prisma.approvalRule.findMany({ orderBy: { name: "asc" } });
  const payload = toRequestView(row).payload;
  const production = await prisma.cluster.findMany({
    where: { name: { in: payload.clusters }, production: true },
    select: { name: true },
  });
  const policy = approvalPolicy({
    rules,
    requesterId: row.requesterId,
    touchesProduction: production.length > 0,
    reviews: row.reviews.filter((r) => r.createdAt >= row.submittedAt),
  });
  return {
    ...toRequestView(row),
    revision: row.revision?.number ?? null,
    reviews: row.reviews.map((r) => ({
      id: r.id,
      reviewer: r.reviewer.email,
      decision: r.decision.replaceAll("_", "-"),
      comment: r.comment,
      at: r.createdAt.toISOString(),
    })),
    timeline: events.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      action: e.action,
      actor: e.actorEmail,
    })),
    approvals: {
      required: policy.required,
      received: policy.approvers.length,
      forbidSelfApproval: policy.forbidSelfApproval,
      rules: policy.appliedRules,
      productionClusters: production.map((c) => c.name),
    },
    sync: await readSyncOutcome(prisma, row),
  };
}
