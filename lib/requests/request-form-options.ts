// What the gateway request form offers its author: the teams they may request for (a team lead
// only their own) with each team's products, and the registered clusters.
import { canEverywhere, scopedTeamIds } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";

export type RequestFormOptions = {
  teams: { slug: string; name: string; products: string[] }[];
  clusters: { name: string; production: boolean }[];
};

export async function requestFormOptions(user: Principal): Promise<RequestFormOptions> {
  const [teams, clusters] = await Promise.all([
    prisma.team.findMany({
      where: canEverywhere(user, "request:create")
        ? {}
        : { id: { in: scopedTeamIds(user, "request:create") } },
      orderBy: { name: "asc" },
      select: { slug: true, name: true, products: { select: { slug: true } } },
    }),
    prisma.cluster.findMany({ orderBy: { name: "asc" }, select: { name: true, production: true } }),
  ]);
  return {
    teams: teams.map((t) => ({ slug: t.slug, name: t.name, products: t.products.map((p) => p.slug) })),
    clusters,
  };
}
