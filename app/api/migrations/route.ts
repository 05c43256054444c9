import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { migrationsResponseSchema } from "@/lib/api/schemas/migrations";
import { describeMigration } from "@/lib/migration";
import { newestTopology } from "@/lib/revisions/newest-topology";

// Where every product of the newest revision stands on the journey, the clusters (production or
// not) and the approval rules the wizard applies. Permission: migration:read
export const GET = route({ permission: "migration:read", response: migrationsResponseSchema }, async () => {
  const [latest, clusters, rules] = await Promise.all([
    newestTopology(prisma),
    prisma.cluster.findMany({
      orderBy: { name: "asc" },
      select: {
        name: true,
        zone: true,
        region: true,
        production: true,
        status: true,
        observedRevision: { select: { number: true } },
      },
    }),
    prisma.approvalRule.findMany({
      orderBy: { name: "asc" },
      select: { name: true, productionOnly: true, requiredApprovals: true },
    }),
  ]);
  const topology = latest?.topology;
  return json({
    revision: latest ? { number: latest.number, message: latest.message, createdAt: latest.createdAt } : null,
    products: topology ? topology.products.map((p) => describeMigration(topology, p.name)!) : [],
    clusters: clusters.map((c) => ({
      name: c.name,
      zone: c.zone,
      region: c.region,
      production: c.production,
      status: c.status,
      observedRevision: c.observedRevision?.number ?? null,
      inTopology: !!topology?.clusters.some((x) => x.name === c.name),
    })),
    approvalRules: rules,
  });
});
