// Granting and revoking role bindings, each with its audit event in the same transaction.
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors/app-error";
import { ROLE_LABELS, type Role } from "./permissions";
import type { Principal } from "./principal";

export type GrantRoleInput = { role: Role; teamSlug?: string | null };

export async function grantRole(actor: Principal, userId: string, input: GrantRoleInput, requestId?: string) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw AppError.notFound("User");
    let teamId: string | null = null;
    if (input.role === "team_lead") {
      if (!input.teamSlug) throw AppError.unprocessable("A team-lead role needs a team: pass teamSlug.");
      const team = await tx.team.findUnique({ where: { slug: input.teamSlug } });
      if (!team) throw AppError.unprocessable(`Team ${input.teamSlug} does not exist.`);
      teamId = team.id;
    } else if (input.teamSlug) {
      throw AppError.unprocessable(
        `Only team-lead bindings take a team; ${ROLE_LABELS[input.role]} applies everywhere.`,
      );
    }
    const existing = await tx.roleBinding.findFirst({ where: { userId, role: input.role, teamId } });
    if (existing)
      throw AppError.conflict(
        `${user.email} already holds ${ROLE_LABELS[input.role]}${input.teamSlug ? ` for ${input.teamSlug}` : ""}.`,
      );
    const binding = await tx.roleBinding.create({ data: { userId, role: input.role, teamId } });
    const view = {
      id: binding.id,
      userId,
      role: ROLE_LABELS[binding.role],
      teamSlug: input.teamSlug ?? null,
    };
    await recordAudit(tx, {
      actor,
      action: "user.role.grant",
      targetType: "user",
      targetId: userId,
      after: view,
      requestId,
    });
    return view;
  });
}

export async function revokeRole(actor: Principal, userId: string, bindingId: string, requestId?: string) {
  return prisma.$transaction(async (tx) => {
    const binding = await tx.roleBinding.findFirst({
      where: { id: bindingId, userId },
      include: { team: true },
    });
    if (!binding) throw AppError.notFound("Role binding");
    if (binding.role === "admin") {
      // Note: never leave the installation without an admin; nobody could grant roles any more.
      // The lock makes two concurrent revocations of the last two admins wait for each other.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(7346203)`;
      const admins = await tx.roleBinding.count({ where: { role: "admin" } });
      if (admins <= 1)
        throw AppError.conflict("This is the last admin binding; grant admin to someone else first.");
    }
    await tx.roleBinding.delete({ where: { id: binding.id } });
    const view = {
      id: binding.id,
      userId,
      role: ROLE_LABELS[binding.role],
      teamSlug: binding.team?.slug ?? null,
    };
    await recordAudit(tx, {
      actor,
      action: "user.role.revoke",
      targetType: "user",
      targetId: userId,
      before: view,
      requestId,
    });
    return view;
  });
}
