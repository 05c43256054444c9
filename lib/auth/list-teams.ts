// Every team, for granting a team-scoped role on the users page.
import { prisma } from "@/lib/db/client";

export type TeamListItem = { slug: string; name: string };

export async function listTeams(): Promise<TeamListItem[]> {
  return prisma.team.findMany({ orderBy: { slug: "asc" }, select: { slug: true, name: true } });
}
