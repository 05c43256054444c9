// Which team a request payload belongs to, and whether the caller may act for it. Team leads act
// only for their own teams' products; a product slug owned by another team is refused even when
// the request names the caller's team.
import { can, type Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

type Db = typeof prisma | Tx;

export async function resolveRequestTeam(
  db: Db,
  user: Principal,
  permission: Permission,
  teamSlug: string,
  productSlug: string,
) {
  const team = await db.team.findUnique({ where: { slug: teamSlug }, select: { id: true, slug: true } });
  if (!team)
    throw AppError.unprocessable(`Team ${teamSlug} does not exist; pick one of your teams.`, [
      { path: "team", message: "unknown team" },
    ]);
  if (!can(user, permission, { teamId: team.id }))
    throw AppError.forbidden(`You can only request gateways for your own teams' products (not ${teamSlug}).`);
  const product = await db.product.findUnique({ where: { slug: productSlug }, select: { teamId: true } });
  if (product && product.teamId !== team.id)
    throw AppError.forbidden(`Product ${productSlug} belongs to another team.`);
  return team;
}

/** Whether the caller may see a request of `teamId` (404 rather than 403 hides its existence). */
export function assertCanSeeRequest(user: Principal, request: { teamId: string; id: string }) {
  if (!can(user, "request:read", { teamId: request.teamId }))
    throw AppError.notFound(`Request ${request.id}`);
}
