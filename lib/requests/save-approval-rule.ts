// Approval rules are changed by admins; every change is audited with its before and after.
import { recordAudit } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { ApprovalRuleInput } from "@/lib/validations/request";

const view = (r: {
  id: string;
  name: string;
  productionOnly: boolean;
  requiredApprovals: number;
  forbidSelfApproval: boolean;
}) => ({
  id: r.id,
  name: r.name,
  productionOnly: r.productionOnly,
  requiredApprovals: r.requiredApprovals,
  forbidSelfApproval: r.forbidSelfApproval,
});

export async function listApprovalRules() {
  return (await prisma.approvalRule.findMany({ orderBy: { name: "asc" } })).map(view);
}

export async function createApprovalRule(user: Principal, input: ApprovalRuleInput, requestId?: string) {
  return prisma.$transaction(async (tx) => {
    if (await tx.approvalRule.findUnique({ where: { name: input.name } }))
      throw AppError.conflict(`A rule named ${input.name} exists already.`);
    const rule = await tx.approvalRule.create({ data: input });
    await recordAudit(tx, {
      actor: user,
      action: "settings.approval-rule.create",
      targetType: "approval-rule",
      targetId: rule.id,
      requestId,
      after: view(rule),
    });
    return view(rule);
  });
}

export async function updateApprovalRule(
  user: Principal,
  id: string,
  input: Partial<ApprovalRuleInput>,
  requestId?: string,
) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.approvalRule.findUnique({ where: { id } });
    if (!before) throw AppError.notFound(`Approval rule ${id}`);
    const rule = await tx.approvalRule.update({ where: { id }, data: input });
    await recordAudit(tx, {
      actor: user,
      action: "settings.approval-rule.update",
      targetType: "approval-rule",
      targetId: id,
      requestId,
      before: view(before),
      after: view(rule),
    });
    return view(rule);
  });
}

export async function deleteApprovalRule(user: Principal, id: string, requestId?: string) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.approvalRule.findUnique({ where: { id } });
    if (!before) throw AppError.notFound(`Approval rule ${id}`);
    await tx.approvalRule.delete({ where: { id } });
    await recordAudit(tx, {
      actor: user,
      action: "settings.approval-rule.delete",
      targetType: "approval-rule",
      targetId: id,
      requestId,
      before: view(before),
    });
  });
}
