// The overview page's three figures, each only for a caller who may read what it counts (null
// otherwise); open requests count within the caller's teams, as the requests list does.
import { can, canEverywhere, scopedTeamIds } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";

export type OverviewCounts = {
  clusters: number | null;
  revisions: number | null;
  openRequests: number | null;
};

export async function readOverviewCounts(user: Principal): Promise<OverviewCounts> {
  const [clusters, revisions, openRequests] = await Promise.all([
    can(user, "cluster:read") ? prisma.cluster.count() : null,
    can(user, "topology:read") ? prisma.revision.count() : null,
    can(user, "request:read")
      ? prisma.gatewayRequest.count({
          where: {
            status: { in: ["submitted", "changes_requested"] },
            ...(canEverywhere(user, "request:read")
              ? {}
              : { teamId: { in: scopedTeamIds(user, "request:read") } }),
          },
        })
      : null,
  ]);
  return { clusters, revisions, openRequests };
}
