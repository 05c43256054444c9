// Looks a cluster up by the name people and the topology use.
import { prisma } from "@/lib/db/client";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

export async function findClusterOrThrow(name: string, db: Tx | typeof prisma = prisma) {
  const cluster = await db.cluster.findUnique({ where: { name } });
  if (!cluster) throw AppError.notFound(`Cluster "${name}"`);
  return cluster;
}
